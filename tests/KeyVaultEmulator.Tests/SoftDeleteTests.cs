using Azure;
using Azure.Security.KeyVault.Secrets;
using Switchboard.KeyVaultEmulator.Tests.Infrastructure;

namespace Switchboard.KeyVaultEmulator.Tests;

/// <summary>Soft delete, recover and purge, through the SDK's long-running operations.</summary>
public sealed class SoftDeleteTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    // The SDK polls every 2 s by default; the emulator deletes at once, so poll briskly.
    private static readonly TimeSpan Polling = TimeSpan.FromMilliseconds(20);

    private static async Task<DeletedSecret> DeleteAsync(SecretClient client, string name)
    {
        var operation = await client.StartDeleteSecretAsync(name);
        return await operation.WaitForCompletionAsync(Polling, CancellationToken.None);
    }

    [Fact]
    public async Task Deleting_a_secret_moves_it_to_the_deleted_secrets_for_90_days()
    {
        var client = emulator.Client();
        var name = EmulatorFixture.Unique("delete");
        await client.SetSecretAsync(name, "v");

        var deleted = await DeleteAsync(client, name);
        DeletedSecret fetched = await client.GetDeletedSecretAsync(name);
        var listed = await client.GetDeletedSecretsAsync().ToListAsync();
        var gone = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync(name));

        Assert.Equal(new Uri(emulator.MainVault, $"deletedsecrets/{name}"), deleted.RecoveryId);
        Assert.NotNull(deleted.DeletedOn);
        Assert.Equal(deleted.DeletedOn!.Value.AddDays(90), deleted.ScheduledPurgeDate);
        Assert.Equal(deleted.RecoveryId, fetched.RecoveryId);
        Assert.Contains(listed, d => d.Name == name);
        Assert.Equal(404, gone.Status);
    }

    [Fact]
    public async Task Setting_a_soft_deleted_name_fails_with_409_Conflict_ObjectIsDeletedButRecoverable()
    {
        var client = emulator.Client();
        var name = EmulatorFixture.Unique("conflict");
        await client.SetSecretAsync(name, "v");
        await DeleteAsync(client, name);

        var conflict = await Assert.ThrowsAsync<RequestFailedException>(() => client.SetSecretAsync(name, "again"));

        Assert.Equal((409, "Conflict", "ObjectIsDeletedButRecoverable"), (conflict.Status, conflict.ErrorCode, ErrorBodies.InnerCode(conflict)));
    }

    [Fact]
    public async Task Recovering_a_deleted_secret_brings_back_every_version()
    {
        var client = emulator.Client();
        var name = EmulatorFixture.Unique("recover");
        await client.SetSecretAsync(name, "one");
        await client.SetSecretAsync(name, "two");
        await DeleteAsync(client, name);

        var operation = await client.StartRecoverDeletedSecretAsync(name);
        SecretProperties recovered = await operation.WaitForCompletionAsync(Polling, CancellationToken.None);
        KeyVaultSecret latest = await client.GetSecretAsync(name);
        var versions = await client.GetPropertiesOfSecretVersionsAsync(name).ToListAsync();

        Assert.Equal(name, recovered.Name);
        Assert.Equal("two", latest.Value);
        Assert.Equal(2, versions.Count);
        await Assert.ThrowsAsync<RequestFailedException>(() => client.GetDeletedSecretAsync(name));
    }

    [Fact]
    public async Task Purging_a_deleted_secret_removes_it_for_good_and_frees_the_name()
    {
        var client = emulator.Client();
        var name = EmulatorFixture.Unique("purge");
        await client.SetSecretAsync(name, "v");
        await DeleteAsync(client, name);

        await client.PurgeDeletedSecretAsync(name);
        var notDeleted = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetDeletedSecretAsync(name));
        KeyVaultSecret reborn = await client.SetSecretAsync(name, "new life");

        Assert.Equal((404, "SecretNotFound"), (notDeleted.Status, notDeleted.ErrorCode));
        Assert.Single(await client.GetPropertiesOfSecretVersionsAsync(name).ToListAsync());
        Assert.Equal("new life", reborn.Value);
    }

    [Fact]
    public async Task Purging_is_refused_with_403_in_a_vault_with_purge_protection()
    {
        var (_, vault) = await emulator.NewVaultAsync(purgeProtection: true);
        var client = emulator.Client(vault);
        KeyVaultSecret secret = await client.SetSecretAsync("protected", "v");
        await DeleteAsync(client, "protected");

        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => client.PurgeDeletedSecretAsync("protected"));
        DeletedSecret stillThere = await client.GetDeletedSecretAsync("protected");

        Assert.Equal((403, "Forbidden"), (refused.Status, refused.ErrorCode));
        Assert.Contains("purge protection", refused.Message, StringComparison.Ordinal);
        Assert.Equal("Recoverable", secret.Properties.RecoveryLevel);
        Assert.Equal("protected", stillThere.Name);
    }

    [Fact]
    public async Task A_shorter_retention_schedules_the_purge_sooner_and_reports_a_customized_recovery_level()
    {
        var (vaultName, vault) = await emulator.NewVaultAsync();
        await emulator.Admin.SetSettingsAsync(vaultName, new { recoverableDays = 7 });
        var client = emulator.Client(vault);
        KeyVaultSecret secret = await client.SetSecretAsync("short", "v");

        var deleted = await DeleteAsync(client, "short");

        Assert.Equal(7, secret.Properties.RecoverableDays);
        Assert.Equal("CustomizedRecoverable+Purgeable", secret.Properties.RecoveryLevel);
        Assert.Equal(deleted.DeletedOn!.Value.AddDays(7), deleted.ScheduledPurgeDate);
    }

    [Fact]
    public async Task Deleting_recovering_or_purging_an_unknown_name_fails_with_404()
    {
        var client = emulator.Client();
        var name = EmulatorFixture.Unique("unknown");

        var delete = await Assert.ThrowsAsync<RequestFailedException>(() => client.StartDeleteSecretAsync(name));
        var recover = await Assert.ThrowsAsync<RequestFailedException>(() => client.StartRecoverDeletedSecretAsync(name));
        var purge = await Assert.ThrowsAsync<RequestFailedException>(() => client.PurgeDeletedSecretAsync(name));

        Assert.All([delete, recover, purge], e => Assert.Equal((404, "SecretNotFound"), (e.Status, e.ErrorCode)));
    }
}
