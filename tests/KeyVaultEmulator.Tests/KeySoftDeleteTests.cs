using System.Net;
using Switchboard.KeyVaultEmulator.Tests.Infrastructure;

namespace Switchboard.KeyVaultEmulator.Tests;

/// <summary>Soft delete, recovery and purge of keys, and the recovery level a production vault shows.</summary>
public sealed class KeySoftDeleteTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_deleted_key_is_gone_listed_as_deleted_keeps_its_name_and_recovers_with_its_versions()
    {
        using var keys = KeysApi.For(emulator);
        var name = EmulatorFixture.Unique("key");
        var (_, bundle) = await keys.CreateRsaAsync(name);
        var (_, wrapped) = await keys.WrapAsync(KeysApi.VersionPath(bundle), [1, 2]);

        var (deleteStatus, deleted) = await keys.DeleteAsync($"keys/{name}");
        var (goneStatus, gone) = await keys.GetAsync($"keys/{name}");
        var (deletedStatus, _) = await keys.GetAsync($"deletedkeys/{name}");
        var (reuseStatus, reuse) = await keys.CreateRsaAsync(name);
        var (recoverStatus, _) = await keys.PostAsync($"deletedkeys/{name}/recover");
        var (unwrapStatus, _) = await keys.UnwrapAsync(KeysApi.VersionPath(bundle), wrapped.GetProperty("value").GetString()!);

        Assert.Equal(HttpStatusCode.OK, deleteStatus);
        Assert.Equal($"{emulator.MainVault}deletedkeys/{name}", deleted.GetProperty("recoveryId").GetString());
        Assert.True(deleted.GetProperty("scheduledPurgeDate").GetInt64() > deleted.GetProperty("deletedDate").GetInt64());
        Assert.Equal((HttpStatusCode.NotFound, "KeyNotFound"), (goneStatus, KeysApi.ErrorCode(gone)));
        Assert.Equal(HttpStatusCode.OK, deletedStatus);
        Assert.Equal((HttpStatusCode.Conflict, "Conflict"), (reuseStatus, KeysApi.ErrorCode(reuse)));
        Assert.Equal("ObjectIsDeletedButRecoverable", reuse.GetProperty("error").GetProperty("innererror").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, recoverStatus);
        Assert.Equal(HttpStatusCode.OK, unwrapStatus);
    }

    [Fact]
    public async Task A_production_vault_shows_Recoverable_and_refuses_to_purge_a_deleted_key()
    {
        var (_, vault) = await emulator.NewVaultAsync(purgeProtection: true);
        using var keys = KeysApi.For(emulator, vault);
        var (_, bundle) = await keys.CreateRsaAsync("cmk");
        await keys.DeleteAsync("keys/cmk");

        var (purgeStatus, _) = await keys.DeleteAsync("deletedkeys/cmk");
        var (stillStatus, _) = await keys.GetAsync("deletedkeys/cmk");

        Assert.Equal("Recoverable", bundle.GetProperty("attributes").GetProperty("recoveryLevel").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, purgeStatus);
        Assert.Equal(HttpStatusCode.OK, stillStatus);
    }

    [Fact]
    public async Task A_vault_without_purge_protection_shows_Purgeable_and_purges_a_deleted_key()
    {
        var (_, vault) = await emulator.NewVaultAsync(recoverableDays: 7);
        using var keys = KeysApi.For(emulator, vault);
        var (_, bundle) = await keys.CreateRsaAsync("cmk");
        await keys.DeleteAsync("keys/cmk");

        var (purgeStatus, _) = await keys.DeleteAsync("deletedkeys/cmk");
        var (goneStatus, _) = await keys.GetAsync("deletedkeys/cmk");
        var (createStatus, _) = await keys.CreateRsaAsync("cmk");

        Assert.Equal("CustomizedRecoverable+Purgeable", bundle.GetProperty("attributes").GetProperty("recoveryLevel").GetString());
        Assert.Equal(HttpStatusCode.NoContent, purgeStatus);
        Assert.Equal(HttpStatusCode.NotFound, goneStatus);
        Assert.Equal(HttpStatusCode.OK, createStatus);
    }
}
