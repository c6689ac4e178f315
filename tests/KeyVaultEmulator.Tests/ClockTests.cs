using Azure;
using Microsoft.Extensions.Time.Testing;
using Switchboard.KeyVaultEmulator.Hosting;
using Switchboard.KeyVaultEmulator.Tests.Infrastructure;

namespace Switchboard.KeyVaultEmulator.Tests;

/// <summary>Behaviour that depends on the time, driven by a fake clock instead of waiting.</summary>
public sealed class ClockTests : IAsyncLifetime
{
    private readonly TempDirectory _dataDir = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private KeyVaultEmulatorHost _host = null!;
    private AdminApi _admin = null!;

    public async Task InitializeAsync()
    {
        _host = await EmulatorFixture.StartAsync(_dataDir.Path, clock: _clock);
        _admin = new AdminApi(_host.AdminUri);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _host.DisposeAsync();
        _dataDir.Dispose();
    }

    private Azure.Security.KeyVault.Secrets.SecretClient Client() =>
        EmulatorFixture.CreateClient(_host.VaultUris["main"], PinnedCertificate.Load(_host.CertificatePemPath));

    [Fact]
    public async Task A_vault_forbidden_until_a_moment_answers_403_before_it_and_200_after_it()
    {
        var client = Client();
        await _admin.SetAccessAsync("main", new { forbiddenUntil = _clock.GetUtcNow().AddMinutes(5) });

        var before = await Assert.ThrowsAsync<RequestFailedException>(() => client.SetSecretAsync("rbac", "v"));
        _clock.Advance(TimeSpan.FromMinutes(6));
        var after = await client.SetSecretAsync("rbac", "v");

        Assert.Equal(403, before.Status);
        Assert.Equal("v", after.Value.Value);
    }

    [Fact]
    public async Task A_deleted_secret_is_purged_by_the_vault_once_its_scheduled_purge_date_passes()
    {
        var client = Client();
        await client.SetSecretAsync("expiring", "v");
        var operation = await client.StartDeleteSecretAsync("expiring");
        await operation.WaitForCompletionAsync(TimeSpan.FromMilliseconds(20), CancellationToken.None);

        _clock.Advance(TimeSpan.FromDays(90) + TimeSpan.FromSeconds(1));
        var gone = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetDeletedSecretAsync("expiring"));
        var reborn = await client.SetSecretAsync("expiring", "again");

        Assert.Equal(404, gone.Status);
        Assert.Equal("again", reborn.Value.Value);
    }

    [Fact]
    public async Task Created_and_updated_times_come_from_the_vault_clock()
    {
        var client = Client();
        var secret = (await client.SetSecretAsync("timed", "v")).Value;
        _clock.Advance(TimeSpan.FromHours(1));
        secret.Properties.ContentType = "text/plain";

        var updated = (await client.UpdateSecretPropertiesAsync(secret.Properties)).Value;

        Assert.Equal(_clock.GetUtcNow().AddHours(-1).ToUnixTimeSeconds(), secret.Properties.CreatedOn!.Value.ToUnixTimeSeconds());
        Assert.Equal(TimeSpan.FromHours(1), updated.UpdatedOn - updated.CreatedOn);
    }
}
