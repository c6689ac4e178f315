using Switchboard.KeyVaultEmulator.Keys;
using Switchboard.KeyVaultEmulator.Pipeline;
using Switchboard.KeyVaultEmulator.Secrets;

namespace Switchboard.KeyVaultEmulator.Vaults;

/// <summary>
/// One emulated vault: its secrets and keys, its settings and the knobs tests turn (faults, access rule),
/// plus the counters they read back. Served by its own HTTPS listener (see <see cref="VaultServer"/>).
/// </summary>
public sealed class Vault
{
    private VaultSettings _settings;

    internal Vault(string name, VaultSettings initialSettings, TimeProvider clock)
    {
        Name = name;
        InitialSettings = initialSettings;
        _settings = initialSettings;
        Clock = clock;
        Secrets = new SecretStore(clock);
        Secrets.Changed += () => Changed?.Invoke();
        Keys = new KeyStore(clock);
        Keys.Changed += () => Changed?.Invoke();
    }

    public string Name { get; }

    /// <summary><c>https://localhost:{port}/</c>; known once the listener is up.</summary>
    public Uri Uri { get; internal set; } = null!;

    public TimeProvider Clock { get; }

    public SecretStore Secrets { get; }

    public KeyStore Keys { get; }

    /// <summary>What <see cref="Reset"/> returns to: the settings the vault was created with.</summary>
    public VaultSettings InitialSettings { get; }

    public VaultSettings Settings
    {
        get => Volatile.Read(ref _settings);
        set
        {
            Volatile.Write(ref _settings, value);
            Changed?.Invoke();
        }
    }

    public FaultInjector Faults { get; } = new();

    public AccessRule Access { get; } = new();

    public RequestStats Stats { get; } = new();

    /// <summary>Secrets, keys or settings changed (the state file saves on it).</summary>
    public event Action? Changed;

    /// <summary>Back to a clean vault: no secrets or keys, faults, access rule or counts, and the initial settings.</summary>
    public void Reset()
    {
        Secrets.Clear();
        Keys.Clear();
        Faults.Clear();
        Access.Clear();
        Stats.Clear();
        Settings = InitialSettings;
    }
}
