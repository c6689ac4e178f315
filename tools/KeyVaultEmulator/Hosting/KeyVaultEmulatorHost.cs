using System.Security.Cryptography.X509Certificates;
using Switchboard.KeyVaultEmulator.Admin;
using Switchboard.KeyVaultEmulator.Certificates;
using Switchboard.KeyVaultEmulator.Persistence;
using Switchboard.KeyVaultEmulator.Vaults;

namespace Switchboard.KeyVaultEmulator.Hosting;

/// <summary>
/// A running emulator: its vaults, the admin API and the certificate clients pin. The executable
/// and in-process tests start it the same way, with <see cref="StartAsync"/>, and stop it by
/// disposing it.
/// </summary>
public sealed class KeyVaultEmulatorHost : IAsyncDisposable
{
    private readonly VaultRegistry _registry;
    private readonly Lock _endpointsLock = new();
    private WebApplication? _admin;
    private StatePersister? _persister;
    private int _disposed;

    private KeyVaultEmulatorHost(EmulatorOptions options, X509Certificate2 certificate, string pemPath, VaultRegistry registry)
    {
        Options = options;
        Certificate = certificate;
        CertificatePemPath = pemPath;
        EndpointsFilePath = Path.GetFullPath(Path.Combine(options.DataDirectory, EndpointsDocument.FileName));
        _registry = registry;
    }

    public EmulatorOptions Options { get; }

    /// <summary>The TLS certificate every vault presents; clients pin it.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The absolute path of the certificate as PEM (<c>DIR/emulator-cert.pem</c>).</summary>
    public string CertificatePemPath { get; }

    public string EndpointsFilePath { get; }

    /// <summary><c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri AdminUri { get; private set; } = null!;

    /// <summary>Each vault's <c>https://localhost:{port}/</c>, including vaults added at run time.</summary>
    public IReadOnlyDictionary<string, Uri> VaultUris =>
        _registry.All.ToDictionary(v => v.Name, v => v.Uri, StringComparer.OrdinalIgnoreCase);

    /// <summary>In-process access to a vault (its counters, secrets, knobs); throws for an unknown name.</summary>
    public Vault GetVault(string name) =>
        _registry.Find(name) ?? throw new KeyNotFoundException($"There is no vault named '{name}'.");

    public IReadOnlyList<Vault> Vaults => _registry.All;

    /// <summary>Starts a new vault while the emulator runs (the admin API's <c>POST /admin/vaults</c>).</summary>
    public Task<Vault> AddVaultAsync(VaultDefinition definition, CancellationToken cancellationToken = default) =>
        _registry.AddAsync(definition, cancellationToken);

    public static async Task<KeyVaultEmulatorHost> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        var (certificate, pemPath) = EmulatorCertificate.LoadOrCreate(options.DataDirectory, options.Clock);
        var saved = options.StateFile is null ? null : StatePersister.Load(options.StateFile);
        var registry = new VaultRegistry(certificate, options.Clock, options.LogToConsole, saved);
        var host = new KeyVaultEmulatorHost(options, certificate, pemPath, registry);
        File.Delete(host.EndpointsFilePath);
        try
        {
            foreach (var definition in options.Vaults)
            {
                await registry.AddAsync(definition, cancellationToken);
            }
            host._admin = await AdminServer.StartAsync(host, options.AdminPort, options.LogToConsole, cancellationToken);
            host.AdminUri = new Uri($"http://127.0.0.1:{WebApps.BoundPort(host._admin)}/");
            if (options.StateFile is not null)
            {
                host._persister = new StatePersister(options.StateFile, registry.Snapshot);
                registry.Changed += host._persister.MarkDirty;
                // Saves at once, so the file exists (and is writable) from the start.
                host._persister.SaveNow();
            }
            registry.VaultAdded += _ => host.WriteEndpoints();
            host.WriteEndpoints();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public EndpointsDocument Endpoints => new(
        AdminUri?.ToString() ?? "",
        CertificatePemPath,
        _registry.All.ToDictionary(v => v.Name, v => v.Uri.ToString()));

    private void WriteEndpoints()
    {
        lock (_endpointsLock)
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                Endpoints.Write(EndpointsFilePath);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        lock (_endpointsLock)
        {
            File.Delete(EndpointsFilePath);
        }
        if (_admin is not null)
        {
            await WebApps.StopAsync(_admin);
        }
        await _registry.StopAllAsync();
        // After the listeners, so that no change can slip in after the last save.
        if (_persister is not null)
        {
            await _persister.DisposeAsync();
        }
    }
}
