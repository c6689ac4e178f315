using Switchboard.Core.Errors;
using Switchboard.Core.Hubs;
using Switchboard.Core.Ports;

namespace Switchboard.Core.KeyVault;

public enum VaultProbeResult
{
    Ok,
    Forbidden,
    Unavailable,
}

/// <summary>
/// The Key Vault connection's rules: first and last connection of its hub, one per hub, and while it is being
/// set up no other connection may be created (the guard says Provisioning). Every change moves the hub's guard
/// in the same atomic write, so a connection created concurrently cannot slip in between.
/// </summary>
public sealed class KeyVaultService(HubService hubs, IConnectionStore connections, IKeyVaultConnectionStore vaults, ISecretStore secrets, IAuditLog audit,
    INotifier notifier, TimeProvider clock)
{
    private static readonly Caller Checker = new("system:keyvault-check", "keyvault-check");
    private const string ProbeSecretPrefix = "switchboard-probe-";

    public async Task<Versioned<KeyVaultConnection>> GetAsync(string hub, CancellationToken ct)
    {
        await hubs.GetHubAsync(hub, ct);
        return await vaults.GetAsync(hub, ct) ?? throw SwitchboardException.NotFound($"A Key Vault connection of hub '{hub}'");
    }

    /// <summary>Registers the vault as Provisioning; the setup workflow then proves access and activates it.</summary>
    public async Task<Versioned<KeyVaultConnection>> BeginAsync(string hub, Uri vaultUri, string operationId, Caller caller, CancellationToken ct)
    {
        await hubs.GetWritableHubAsync(hub, ct);
        var guard = await connections.GetGuardAsync(hub, ct);
        var problem = guard.Value switch
        {
            { Deleting: true } => new SwitchboardException(ErrorCode.HubDeleting, $"Hub '{hub}' is being deleted."),
            { KeyVault: KeyVaultState.Provisioning } => new SwitchboardException(ErrorCode.KeyVaultSetupInProgress, $"Hub '{hub}' is already connecting a Key Vault."),
            { MigratingTo: not null } => KeyVaultMigrationService.InProgress(hub),
            { KeyVault: KeyVaultState.Active } => new SwitchboardException(ErrorCode.KeyVaultAlreadyConnected,
                $"Hub '{hub}' already has a Key Vault connection; to move its credentials to another vault, POST /api/hubs/{hub}/keyvault/migrate."),
            { ConnectionCount: > 0 } => new SwitchboardException(ErrorCode.KeyVaultMustBeFirst,
                $"A Key Vault connection must be the first connection of hub '{hub}': it has {guard.Value.ConnectionCount} other connection(s). " +
                $"To move them to a vault of the hub's own, POST /api/hubs/{hub}/keyvault/migrate {{ \"to\": \"https://<vault>/\" }}."),
            _ => null,
        };
        if (problem is not null)
        {
            throw problem;
        }
        var now = clock.GetUtcNow();
        var connection = new KeyVaultConnection(hub, vaultUri, KeyVaultStatus.Provisioning, null, operationId, Audit.New(now, caller.ActorId));
        // A concurrent connection create moves the guard too, so exactly one of the two writes lands.
        var saved = await vaults.InsertAsync(connection, guard, guard.Value with { KeyVault = KeyVaultState.Provisioning, VaultUri = vaultUri }, ct);
        await WriteAuditAsync(hub, "keyvault.setupStarted", caller, now, vaultUri, ct);
        return saved;
    }

    /// <summary>Writes, reads and deletes a probe secret: proves the service's identity may use the vault.</summary>
    public async Task<VaultProbeResult> ProbeAsync(Uri vault, string hub, CancellationToken ct)
    {
        // A name of its own each time: in a vault with purge protection the deleted probe cannot be purged, and a
        // deleted name cannot be written again until its retention ends.
        var name = $"{ProbeSecretPrefix}{hub}-{Guid.NewGuid():N}";
        try
        {
            var version = await secrets.SetAsync(vault, name, new Dictionary<string, string> { ["probe"] = Guid.NewGuid().ToString("N") },
                new Dictionary<string, string> { ["switchboard-hub"] = hub, ["switchboard-probe"] = "true" }, null, ct);
            await secrets.GetAsync(vault, name, version, ct);
            await secrets.DeleteAsync(vault, name, ct);
            return VaultProbeResult.Ok;
        }
        catch (SecretStoreException e) when (e.Failure == SecretStoreFailure.Forbidden)
        {
            return VaultProbeResult.Forbidden;
        }
        catch (SecretStoreException)
        {
            return VaultProbeResult.Unavailable;
        }
    }

    /// <summary>The setup's last step: the hub's new credentials go to its own vault from now on. Idempotent.</summary>
    public async Task ActivateAsync(string hub, Caller caller, CancellationToken ct)
    {
        var current = await vaults.GetAsync(hub, ct) ?? throw SwitchboardException.NotFound($"A Key Vault connection of hub '{hub}'");
        if (current.Value.Status == KeyVaultStatus.Active)
        {
            return;
        }
        var guard = await connections.GetGuardAsync(hub, ct);
        var now = clock.GetUtcNow();
        await vaults.ReplaceAsync(current.Value with { Status = KeyVaultStatus.Active, LastCheckedAt = now, Stamp = current.Value.Stamp.Touch(now, caller.ActorId) },
            current.ETag, guard, guard.Value with { KeyVault = KeyVaultState.Active, VaultUri = current.Value.VaultUri }, ct);
        await WriteAuditAsync(hub, "keyvault.connected", caller, now, current.Value.VaultUri, ct);
    }

    /// <summary>The setup failed or was abandoned: the hub goes back to the service's vault. Idempotent.</summary>
    public async Task AbandonAsync(string hub, Caller caller, CancellationToken ct)
    {
        var current = await vaults.GetAsync(hub, ct);
        if (current is null || current.Value.Status == KeyVaultStatus.Active)
        {
            return;
        }
        var guard = await connections.GetGuardAsync(hub, ct);
        await vaults.DeleteAsync(hub, current.ETag, guard, guard.Value with { KeyVault = KeyVaultState.None, VaultUri = null }, ct);
        await WriteAuditAsync(hub, "keyvault.setupFailed", caller, clock.GetUtcNow(), current.Value.VaultUri, ct);
    }

    /// <summary><c>DELETE /keyvault</c>: only once every other connection of the hub and its projects is gone.</summary>
    public async Task RemoveAsync(string hub, string? ifMatch, Caller caller, CancellationToken ct)
    {
        var current = await GetAsync(hub, ct);
        Preconditions.Check(ifMatch, current.ETag);
        var guard = await connections.GetGuardAsync(hub, ct);
        if (guard.Value.KeyVault == KeyVaultState.Provisioning)
        {
            throw new SwitchboardException(ErrorCode.KeyVaultSetupInProgress, $"Hub '{hub}' is still connecting its Key Vault.");
        }
        if (guard.Value.MigratingTo is not null)
        {
            throw KeyVaultMigrationService.InProgress(hub);
        }
        if (guard.Value.ConnectionCount > 0)
        {
            throw new SwitchboardException(ErrorCode.KeyVaultMustBeLast,
                $"The Key Vault connection must be the last connection of hub '{hub}' to go: {guard.Value.ConnectionCount} other connection(s) still keep their secrets in it.");
        }
        await vaults.DeleteAsync(hub, current.ETag, guard, guard.Value with { KeyVault = KeyVaultState.None, VaultUri = null }, ct);
        await WriteAuditAsync(hub, "keyvault.removed", caller, clock.GetUtcNow(), current.Value.VaultUri, ct);
    }

    /// <summary>
    /// The periodic check of every connected vault: a vault that was deleted or lost Switchboard's role breaks
    /// every connection of its hub, so a change of its state is recorded, audited and notified.
    /// </summary>
    public async Task<int> CheckAllAsync(CancellationToken ct)
    {
        var unhealthy = 0;
        await foreach (var found in vaults.ListAllAsync(ct))
        {
            if (found.Value.Status == KeyVaultStatus.Provisioning)
            {
                continue;
            }
            var status = await ProbeAsync(found.Value.VaultUri, found.Value.Hub, ct) switch
            {
                VaultProbeResult.Ok => KeyVaultStatus.Active,
                VaultProbeResult.Forbidden => KeyVaultStatus.Forbidden,
                _ => KeyVaultStatus.Unreachable,
            };
            unhealthy += status == KeyVaultStatus.Active ? 0 : 1;
            var now = clock.GetUtcNow();
            try
            {
                await vaults.ReplaceAsync(found.Value with { Status = status, LastCheckedAt = now }, found.ETag, null, null, ct);
            }
            catch (SwitchboardException e) when (e.Code == ErrorCode.PreconditionFailed)
            {
                continue;
            }
            if (status != found.Value.Status)
            {
                await WriteAuditAsync(found.Value.Hub, status == KeyVaultStatus.Active ? "keyvault.healthy" : "keyvault.unhealthy", Checker, now, found.Value.VaultUri, ct);
                if (status != KeyVaultStatus.Active)
                {
                    await notifier.NotifyAsync(new Notification(Notifications.EventTypes.KeyVaultUnhealthy, found.Value.Hub, null, null,
                        new Dictionary<string, string> { ["vaultUri"] = found.Value.VaultUri.ToString(), ["status"] = status.ToString() }), ct);
                }
            }
        }
        return unhealthy;
    }

    private Task WriteAuditAsync(string hub, string action, Caller caller, DateTimeOffset now, Uri vault, CancellationToken ct) =>
        audit.WriteAsync(new AuditEntry(hub, now, caller.ActorId, action, null, null, caller.CorrelationId,
            new Dictionary<string, string> { ["vaultUri"] = vault.ToString() }), ct);
}
