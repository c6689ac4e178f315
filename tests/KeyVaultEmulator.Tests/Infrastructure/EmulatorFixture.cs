using System.Security.Cryptography.X509Certificates;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Switchboard.KeyVaultEmulator.Hosting;

namespace Switchboard.KeyVaultEmulator.Tests.Infrastructure;

/// <summary>
/// An emulator started in-process on free ports with a temporary data dir, one per test class.
/// Tests share its "main" vault with secret names of their own, and make a vault of their own
/// (through the admin API) when they break it on purpose.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private readonly TempDirectory _dataDir = new();

    public KeyVaultEmulatorHost Host { get; private set; } = null!;

    internal AdminApi Admin { get; private set; } = null!;

    /// <summary>The certificate as a client gets it: read from the PEM file, not from the host object.</summary>
    public X509Certificate2 Pinned { get; private set; } = null!;

    public Uri MainVault => Host.VaultUris["main"];

    public string DataDir => _dataDir.Path;

    public async Task InitializeAsync()
    {
        Host = await StartAsync(_dataDir.Path);
        Admin = new AdminApi(Host.AdminUri);
        Pinned = PinnedCertificate.Load(Host.CertificatePemPath);
    }

    public static Task<KeyVaultEmulatorHost> StartAsync(string dataDir, string? stateFile = null, TimeProvider? clock = null) =>
        KeyVaultEmulatorHost.StartAsync(new EmulatorOptions
        {
            Vaults = [new VaultDefinition("main")],
            AdminPort = 0,
            DataDirectory = dataDir,
            StateFile = stateFile,
            Clock = clock ?? TimeProvider.System,
        });

    public SecretClient Client(Uri? vault = null, int maxRetries = 3) => CreateClient(vault ?? MainVault, Pinned, maxRetries);

    /// <summary>
    /// The real SecretClient, configured as an application would against the emulator: challenge
    /// resource check off (the vault is "localhost"), a pinned-certificate transport, and short
    /// retry delays (a server's Retry-After still wins over them).
    /// </summary>
    public static SecretClient CreateClient(Uri vault, X509Certificate2 pinned, int maxRetries = 3)
    {
        var options = new SecretClientOptions
        {
            DisableChallengeResourceVerification = true,
            Transport = new HttpClientTransport(PinnedCertificate.CreateHandler(pinned)),
        };
        options.Retry.MaxRetries = maxRetries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        return new SecretClient(vault, new StaticTokenCredential(), options);
    }

    /// <summary>An HttpClient that trusts only the emulator, for requests the SDK would not make.</summary>
    public HttpClient RawClient(Uri? vault = null) =>
        new(PinnedCertificate.CreateHandler(Pinned)) { BaseAddress = vault ?? MainVault };

    /// <summary>A new vault of the test's own, started through the admin API.</summary>
    public async Task<(string Name, Uri Uri)> NewVaultAsync(bool purgeProtection = false, int? recoverableDays = null)
    {
        var name = Unique("vault");
        return (name, await Admin.CreateVaultAsync(name, purgeProtection, recoverableDays));
    }

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Host.DisposeAsync();
        _dataDir.Dispose();
    }
}
