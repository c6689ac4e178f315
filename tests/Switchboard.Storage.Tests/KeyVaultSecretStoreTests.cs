using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Switchboard.Core.Ports;
using Switchboard.KeyVaultEmulator.Hosting;
using Switchboard.Storage.KeyVault;
using Switchboard.Testing;

namespace Switchboard.Storage.Tests;

/// <summary>The secret store on the real SecretClient against the emulator, each test on a vault of its own.</summary>
public class KeyVaultSecretStoreTests
{
    private static readonly KeyVaultOptions Options = new() { EmulatorCertificatePath = TestVaults.CertificatePath };
    private readonly SecretClients clients = new(Options, new DefaultAzureCredential());
    private readonly KeyVaultSecretStore store;

    public KeyVaultSecretStoreTests() => store = new KeyVaultSecretStore(clients);

    private static Dictionary<string, string> Tags => new() { ["switchboard-hub"] = "h1", ["switchboard-alias"] = "openai" };

    [Fact]
    public async Task EachWriteIsANewVersionAndEveryVersionStaysReadable()
    {
        var (name, vault) = await TestVaults.CreateVaultAsync();

        var v1 = await store.SetAsync(vault, "sb-versions", new Dictionary<string, string> { ["key"] = "one" }, Tags, null, default);
        var v2 = await store.SetAsync(vault, "sb-versions", new Dictionary<string, string> { ["key"] = "two" }, Tags, null, default);

        Assert.NotEqual(v1, v2);
        Assert.Matches("^[0-9a-f]{32}$", v2);
        Assert.Equal("one", (await store.GetAsync(vault, "sb-versions", v1, default))["key"]);
        Assert.Equal("two", (await store.GetAsync(vault, "sb-versions", v2, default))["key"]);
    }

    [Fact]
    public async Task SecretsCarryTheirTagsJsonContentTypeAndExpiry()
    {
        var (name, vault) = await TestVaults.CreateVaultAsync();
        var expires = DateTimeOffset.UtcNow.AddDays(90);

        var version = await store.SetAsync(vault, "sb-tagged", new Dictionary<string, string> { ["key"] = "k" }, Tags, expires, default);

        var secret = (await clients.For(vault).GetSecretAsync("sb-tagged", version)).Value;
        Assert.Equal("h1", secret.Properties.Tags["switchboard-hub"]);
        Assert.Equal("openai", secret.Properties.Tags["switchboard-alias"]);
        Assert.Equal("application/json", secret.Properties.ContentType);
        Assert.Equal(expires.ToUnixTimeSeconds(), secret.Properties.ExpiresOn!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task ADisabledVersionReadsAsVersionDisabledAndCanBeEnabledAgain()
    {
        var (name, vault) = await TestVaults.CreateVaultAsync();
        var version = await store.SetAsync(vault, "sb-disabled", new Dictionary<string, string> { ["key"] = "k" }, Tags, null, default);

        await store.SetVersionEnabledAsync(vault, "sb-disabled", version, false, default);
        var error = await Assert.ThrowsAsync<SecretStoreException>(() => store.GetAsync(vault, "sb-disabled", version, default));
        await store.SetVersionEnabledAsync(vault, "sb-disabled", version, true, default);

        Assert.Equal(SecretStoreFailure.VersionDisabled, error.Failure);
        Assert.Equal("k", (await store.GetAsync(vault, "sb-disabled", version, default))["key"]);
    }

    [Fact]
    public async Task AMissingSecretIsNotFoundAndDeletingItIsFine()
    {
        var (name, vault) = await TestVaults.CreateVaultAsync();

        var error = await Assert.ThrowsAsync<SecretStoreException>(() => store.GetAsync(vault, "sb-missing", "0123456789abcdef0123456789abcdef", default));
        await store.DeleteAsync(vault, "sb-missing", default);

        Assert.Equal(SecretStoreFailure.NotFound, error.Failure);
    }

    [Fact]
    public async Task DeletePurgesSoTheNameIsFreeAgain()
    {
        var (name, vault) = await TestVaults.CreateVaultAsync();
        await store.SetAsync(vault, "sb-deleted", new Dictionary<string, string> { ["key"] = "k" }, Tags, null, default);

        await store.DeleteAsync(vault, "sb-deleted", default);

        Assert.Equal(SecretStoreFailure.NotFound,
            (await Assert.ThrowsAsync<SecretStoreException>(() => store.GetAsync(vault, "sb-deleted", "", default))).Failure);
        await store.SetAsync(vault, "sb-deleted", new Dictionary<string, string> { ["key"] = "again" }, Tags, null, default);
    }

    [Fact]
    public async Task AVaultThatRefusesOurIdentityIsForbiddenWithoutValuesInTheMessage()
    {
        var (name, vault) = await TestVaults.CreateVaultAsync();
        await TestVaults.SetAccessAsync(name, new { forbidden = true });

        var error = await Assert.ThrowsAsync<SecretStoreException>(() =>
            store.SetAsync(vault, "sb-forbidden", new Dictionary<string, string> { ["key"] = "sk-never-in-messages" }, Tags, null, default));

        Assert.Equal(SecretStoreFailure.Forbidden, error.Failure);
        Assert.DoesNotContain("sk-never-in-messages", error.ToString());
    }

    [Fact]
    public async Task AVaultThatKeepsFailingIsUnavailable()
    {
        var (name, vault) = await TestVaults.CreateVaultAsync();
        await TestVaults.SetFaultsAsync(name, new { errorRate = 1.0 });

        var error = await Assert.ThrowsAsync<SecretStoreException>(() => store.GetAsync(vault, "sb-any", "", default));

        Assert.Equal(SecretStoreFailure.Unavailable, error.Failure);
    }

    [Fact]
    public async Task ThrottlingIsRetriedByTheSdk()
    {
        var (name, vault) = await TestVaults.CreateVaultAsync();
        await TestVaults.SetFaultsAsync(name, new { throttleNext = 2, retryAfterSeconds = 0 });

        var version = await store.SetAsync(vault, "sb-throttled", new Dictionary<string, string> { ["key"] = "k" }, Tags, null, default);

        Assert.Equal("k", (await store.GetAsync(vault, "sb-throttled", version, default))["key"]);
        var stats = await TestVaults.StatsAsync(name);
        Assert.Equal(2, stats.GetProperty("throttled").GetInt32());
    }

    [Fact]
    public async Task AVaultPresentingAnotherCertificateIsRefused()
    {
        using var dataDir = new TempDirectory();
        await using var impostor = await KeyVaultEmulatorHost.StartAsync(new EmulatorOptions
        {
            Vaults = [new VaultDefinition("impostor")],
            DataDirectory = dataDir.Path,
        });

        var error = await Assert.ThrowsAsync<SecretStoreException>(() =>
            store.SetAsync(impostor.VaultUris["impostor"], "sb-pinned", new Dictionary<string, string> { ["key"] = "k" }, Tags, null, default));

        Assert.Equal(SecretStoreFailure.Unavailable, error.Failure);
    }


    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("kv-impostor-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
