using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Switchboard.KeyVaultEmulator.Hosting;
using Switchboard.KeyVaultEmulator.Persistence;

namespace Switchboard.KeyVaultEmulator.Vaults;

/// <summary>
/// The running vaults, by name (case-insensitive). Vaults can be added while the emulator runs,
/// so a test can have one of its own to break without disturbing the others.
/// </summary>
internal sealed partial class VaultRegistry(X509Certificate2 certificate, TimeProvider clock, bool logToConsole, StateDocument? savedState)
{
    private readonly SemaphoreSlim _addLock = new(1, 1);
    private readonly List<(Vault Vault, WebApplication App)> _running = [];
    private readonly Lock _listLock = new();

    /// <summary>Raised after a vault has started, outside any lock.</summary>
    public event Action<Vault>? VaultAdded;

    /// <summary>Raised when any vault's secrets or settings change.</summary>
    public event Action? Changed;

    [GeneratedRegex("^[0-9a-zA-Z-]{1,63}$")]
    private static partial Regex NamePattern();

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    public IReadOnlyList<Vault> All
    {
        get
        {
            lock (_listLock)
            {
                return _running.Select(r => r.Vault).ToList();
            }
        }
    }

    public Vault? Find(string name) => All.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Starts a vault. Its secrets and settings come from the state file when that knows the name.</summary>
    /// <exception cref="ArgumentException">The name is invalid or already taken.</exception>
    public async Task<Vault> AddAsync(VaultDefinition definition, CancellationToken cancellationToken)
    {
        if (!IsValidName(definition.Name))
        {
            throw new ArgumentException($"Invalid vault name '{definition.Name}': use 1-63 of 0-9, a-z, A-Z and '-'.");
        }
        await _addLock.WaitAsync(cancellationToken);
        Vault vault;
        try
        {
            if (Find(definition.Name) is not null)
            {
                throw new ArgumentException($"A vault named '{definition.Name}' already exists.");
            }
            vault = new Vault(definition.Name, definition.Settings, clock);
            if (savedState?.Vaults.GetValueOrDefault(definition.Name) is { } saved)
            {
                // Settings asked for explicitly (--purge-protection, an admin create) win over saved ones.
                vault.Settings = definition.InitialSettings ?? saved.Settings;
                vault.Secrets.Import(saved.Secrets);
                vault.Keys.Import(saved.Keys ?? []);
            }
            var app = await VaultServer.StartAsync(vault, definition.Port, certificate, logToConsole, cancellationToken);
            vault.Changed += () => Changed?.Invoke();
            lock (_listLock)
            {
                _running.Add((vault, app));
            }
        }
        finally
        {
            _addLock.Release();
        }
        VaultAdded?.Invoke(vault);
        return vault;
    }

    /// <summary>The state file's content: running vaults, plus saved vaults not started this time (kept, not dropped).</summary>
    public StateDocument Snapshot()
    {
        var vaults = new Dictionary<string, VaultState>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, state) in savedState?.Vaults ?? [])
        {
            vaults[name] = state;
        }
        foreach (var vault in All)
        {
            vaults[vault.Name] = new VaultState(vault.Settings, vault.Secrets.Export(), vault.Keys.Export());
        }
        return new StateDocument(StateDocument.CurrentFormat, vaults);
    }

    /// <summary>Stops the listeners; the vaults stay listed so the final save still sees them.</summary>
    public async Task StopAllAsync()
    {
        List<WebApplication> apps;
        lock (_listLock)
        {
            apps = _running.Select(r => r.App).ToList();
        }
        await Task.WhenAll(apps.Select(Hosting.WebApps.StopAsync));
    }
}
