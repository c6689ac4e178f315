using Switchboard.Core.Connections;
using Switchboard.Core.Errors;
using Switchboard.Core.Hubs;
using Switchboard.Core.Ports;

namespace Switchboard.Core.KeyVault;

/// <summary>
/// Moves every credential of a hub and its projects to another vault while clients keep reading them: each
/// connection's current and previous versions are copied, and its row is switched to the copies with an
/// ETag-conditioned write, so a reader sees either the source or the target, both complete. Once no row names the
/// source, the hub's vault is switched; only then are the source secrets deleted. While it runs, the hub's guard
/// names the target and writes that carry credentials are refused. Every step may run again after a crash.
/// </summary>
public sealed class KeyVaultMigrationService(
    HubService hubs, IConnectionStore connections, IKeyVaultConnectionStore keyVaults, ISecretStore secrets, SecretVault vaults,
    IAuditLog audit, INotifier notifier, TimeProvider clock)
{
    /// <summary>Connections moved at once within one batch: Key Vault calls overlap, the vault's rate limit holds them.</summary>
    private const int Parallelism = 8;
    private const int WriteAttempts = 20;

    public const string RetryAfterSeconds = "10";

    public static string InstanceIdFor(string hub) => "keyvault-migration-" + hub;

    /// <summary>What writes carrying credentials answer while the hub's credentials move.</summary>
    public static SwitchboardException InProgress(string hub) =>
        new(ErrorCode.KeyVaultMigrationInProgress,
            $"Hub '{hub}' is moving its credentials to another Key Vault; change credentials once the migration has finished.")
        {
            OperationId = InstanceIdFor(hub),
        };

    /// <summary>The request's checks, before the operation starts: the hub, its state and the caller's If-Match.</summary>
    public async Task CheckAsync(string hub, Uri target, string? ifMatch, CancellationToken ct)
    {
        var hubRow = await hubs.GetWritableHubAsync(hub, ct);
        var guard = await connections.GetGuardAsync(hub, ct);
        var keyVault = await keyVaults.GetAsync(hub, ct);
        Preconditions.Check(ifMatch, keyVault?.ETag ?? hubRow.ETag);
        if (RefusalOf(hub, guard.Value, target) is { } refusal)
        {
            throw refusal;
        }
    }

    /// <summary>Marks the hub as migrating to <paramref name="target"/>; answers the source vault. Idempotent.</summary>
    public async Task<MigrationStart> BeginAsync(string hub, Uri target, Caller caller, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var guard = await connections.GetGuardAsync(hub, ct);
            if (guard.Value.MigratingTo == target)
            {
                return new MigrationStart(vaults.For(guard.Value));
            }
            if (RefusalOf(hub, guard.Value, target) is { } refusal)
            {
                return new MigrationStart(null, refusal.Code.ToString(), refusal.Message);
            }
            try
            {
                await connections.ReplaceGuardAsync(hub, guard.Value with { MigratingTo = target }, guard.ETag, ct);
            }
            catch (SwitchboardException e) when (e.Code == ErrorCode.PreconditionFailed && attempt < WriteAttempts)
            {
                continue; // A create or delete in the hub moved the guard: read it again.
            }
            var source = vaults.For(guard.Value);
            await WriteAuditAsync(hub, "keyvault.migrationStarted", caller, source, target, null, ct);
            return new MigrationStart(source);
        }
    }

    /// <summary>The connections whose secrets are still in the source vault.</summary>
    public async Task<IReadOnlyList<MigrationItem>> ListToMoveAsync(string hub, Uri source, CancellationToken ct)
    {
        var items = new List<MigrationItem>();
        await foreach (var row in connections.ListAllAsync(hub, ct))
        {
            if ((row.Value.Vault ?? source) == source)
            {
                items.Add(new MigrationItem(row.Value.Alias, row.Value.Id));
            }
        }
        return items;
    }

    public async Task<IReadOnlyList<MoveResult>> MoveAsync(string hub, Uri source, Uri target, IReadOnlyList<MigrationItem> items, CancellationToken ct)
    {
        var results = new MoveResult[items.Count];
        await Parallel.ForAsync(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (i, token) => results[i] = await MoveOneAsync(hub, source, target, items[i], token));
        return results;
    }

    private async Task<MoveResult> MoveOneAsync(string hub, Uri source, Uri target, MigrationItem item, CancellationToken ct)
    {
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var row = await connections.GetAsync(hub, item.Alias, ct);
                if (row is null || row.Value.Id != item.Id)
                {
                    return new MoveResult(item.Alias, MoveOutcome.Gone);
                }
                var connection = row.Value;
                var vault = connection.Vault ?? source;
                if (vault == target)
                {
                    return new MoveResult(item.Alias, MoveOutcome.Moved, connection.SecretName);
                }
                if (vault != source)
                {
                    return new MoveResult(item.Alias, MoveOutcome.Rejected, Detail: $"its secret is in {vault.Host}, not in the hub's vault {source.Host}");
                }
                if (connection.Versions.Pending is not null)
                {
                    return new MoveResult(item.Alias, MoveOutcome.Waiting, Detail: "a rotation is under way");
                }
                var copies = SecretVersions.Empty;
                if (connection.SecretName is { } name)
                {
                    // Previous first, so the copy of the current version is also the latest version in the target.
                    var previous = connection.Versions.Previous is { } p ? await secrets.CopyVersionAsync(source, target, name, p, ct) : null;
                    var current = connection.Versions.Current is { } c
                        ? await secrets.CopyVersionAsync(source, target, name, c, ct)
                            ?? throw new SecretStoreException(SecretStoreFailure.Rejected, $"The current version of secret '{name}' is disabled in {source.Host}.")
                        : null;
                    copies = new SecretVersions(current, previous);
                }
                var moved = connection with { Vault = target, Versions = copies, MovedFrom = new SecretLocation(source, connection.Versions) };
                try
                {
                    await connections.ReplaceAsync(moved, row.ETag, ct);
                    return new MoveResult(item.Alias, MoveOutcome.Moved, connection.SecretName);
                }
                catch (SwitchboardException e) when (e.Code == ErrorCode.PreconditionFailed && attempt < WriteAttempts)
                {
                    // Changed meanwhile (a rotation staged, settings patched): read it again; the copies are found, not repeated.
                }
            }
        }
        catch (SecretStoreException e)
        {
            var outcome = e.Failure switch
            {
                SecretStoreFailure.Forbidden => MoveOutcome.Forbidden,
                SecretStoreFailure.Rejected => MoveOutcome.Rejected,
                _ => MoveOutcome.Unavailable,
            };
            return new MoveResult(item.Alias, outcome, Detail: e.Message);
        }
    }

    /// <summary>
    /// Switches the hub to the target once no row names the source, in one write with the guard; false while some
    /// do (created during the migration), so the migration moves those first. Idempotent.
    /// </summary>
    public async Task<bool> CompleteAsync(string hub, Uri source, Uri target, Caller caller, CancellationToken ct)
    {
        var guard = await connections.GetGuardAsync(hub, ct);
        if (guard.Value.MigratingTo != target)
        {
            return true; // Switched by an earlier run of this step.
        }
        if ((await ListToMoveAsync(hub, source, ct)).Count > 0)
        {
            return false;
        }
        var now = clock.GetUtcNow();
        var keyVault = await keyVaults.GetAsync(hub, ct);
        try
        {
            if (target == vaults.ManagedVault)
            {
                var back = guard.Value with { KeyVault = KeyVaultState.None, VaultUri = null, MigratingTo = null };
                if (keyVault is null)
                {
                    await connections.ReplaceGuardAsync(hub, back, guard.ETag, ct);
                }
                else
                {
                    await keyVaults.DeleteAsync(hub, keyVault.ETag, guard, back, ct);
                }
            }
            else
            {
                var own = guard.Value with { KeyVault = KeyVaultState.Active, VaultUri = target, MigratingTo = null };
                if (keyVault is null)
                {
                    await keyVaults.InsertAsync(new KeyVaultConnection(hub, target, KeyVaultStatus.Active, now, InstanceIdFor(hub), Audit.New(now, caller.ActorId)),
                        guard, own, ct);
                }
                else
                {
                    await keyVaults.ReplaceAsync(keyVault.Value with
                    {
                        VaultUri = target, Status = KeyVaultStatus.Active, LastCheckedAt = now, OperationId = InstanceIdFor(hub),
                        Stamp = keyVault.Value.Stamp.Touch(now, caller.ActorId),
                    }, keyVault.ETag, guard, own, ct);
                }
            }
        }
        catch (SwitchboardException e) when (e.Code is ErrorCode.PreconditionFailed or ErrorCode.AlreadyExists)
        {
            return false; // A create moved the guard after the check: look again.
        }
        return true;
    }

    /// <summary>The source copies go once the hub has moved: soft-deleted (recoverable), or purged when asked.</summary>
    public async Task DeleteSourceSecretsAsync(Uri source, IReadOnlyList<string> secretNames, bool purge, CancellationToken ct) =>
        await Parallel.ForEachAsync(secretNames, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (name, token) => await (purge ? secrets.DeleteAsync(source, name, token) : secrets.SoftDeleteAsync(source, name, token)));

    public async Task AnnounceAsync(string hub, Uri source, Uri target, int moved, Caller caller, CancellationToken ct)
    {
        await WriteAuditAsync(hub, "keyvault.migrated", caller, source, target, new Dictionary<string, string> { ["connections"] = moved.ToString() }, ct);
        await notifier.NotifyAsync(new Notification(Notifications.EventTypes.KeyVaultMigrated, hub, null, null,
            new Dictionary<string, string> { ["from"] = source.ToString(), ["to"] = target.ToString(), ["connections"] = moved.ToString() }), ct);
    }

    /// <summary>
    /// A failed migration: every row switched to the target goes back to its source versions (untouched in the
    /// source), the copies are deleted, and the hub takes credential writes again. Idempotent.
    /// </summary>
    public async Task RollBackAsync(string hub, Uri source, Uri target, string reason, Caller caller, CancellationToken ct)
    {
        var copies = new List<string>();
        await foreach (var row in connections.ListAllAsync(hub, ct))
        {
            if (row.Value.Vault == target && row.Value.MovedFrom?.Vault == source)
            {
                await RevertAsync(row, ct);
                if (row.Value.SecretName is { } name)
                {
                    copies.Add(name);
                }
            }
        }
        foreach (var name in copies)
        {
            try
            {
                await secrets.DeleteAsync(target, name, ct);
            }
            catch (SecretStoreException)
            {
                // The target may be the vault that refused us: a copy no row names is left to the orphan sweep.
            }
        }
        for (var attempt = 1; ; attempt++)
        {
            var guard = await connections.GetGuardAsync(hub, ct);
            if (guard.Value.MigratingTo != target)
            {
                break;
            }
            try
            {
                await connections.ReplaceGuardAsync(hub, guard.Value with { MigratingTo = null }, guard.ETag, ct);
                break;
            }
            catch (SwitchboardException e) when (e.Code == ErrorCode.PreconditionFailed && attempt < WriteAttempts)
            {
            }
        }
        await WriteAuditAsync(hub, "keyvault.migrationFailed", caller, source, target, new Dictionary<string, string> { ["reason"] = reason }, ct);
    }

    private async Task RevertAsync(Versioned<Connection> row, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var from = row.Value.MovedFrom!;
            try
            {
                await connections.ReplaceAsync(row.Value with { Vault = from.Vault, Versions = from.Versions, MovedFrom = null }, row.ETag, ct);
                return;
            }
            catch (SwitchboardException e) when (e.Code == ErrorCode.PreconditionFailed && attempt < WriteAttempts)
            {
                if (await connections.GetAsync(row.Value.Hub, row.Value.Alias, ct) is not { } again || again.Value.Id != row.Value.Id || again.Value.MovedFrom is null)
                {
                    return;
                }
                row = again;
            }
        }
    }

    private SwitchboardException? RefusalOf(string hub, HubGuard guard, Uri target) => guard switch
    {
        { Deleting: true } => new SwitchboardException(ErrorCode.HubDeleting, $"Hub '{hub}' is being deleted."),
        { KeyVault: KeyVaultState.Provisioning } => new SwitchboardException(ErrorCode.KeyVaultSetupInProgress, $"Hub '{hub}' is still connecting its Key Vault."),
        { MigratingTo: not null } => new SwitchboardException(ErrorCode.OperationInProgress, $"Hub '{hub}' is already moving its credentials.")
        {
            OperationId = InstanceIdFor(hub),
        },
        _ when vaults.For(guard) == target => new SwitchboardException(ErrorCode.AlreadyExists,
            $"Hub '{hub}' already keeps its credentials in {(target == vaults.ManagedVault ? "the service's vault" : target.Host)}."),
        _ => null,
    };

    private Task WriteAuditAsync(string hub, string action, Caller caller, Uri source, Uri target, IReadOnlyDictionary<string, string>? more, CancellationToken ct)
    {
        var details = new Dictionary<string, string> { ["from"] = source.ToString(), ["to"] = target.ToString() };
        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            details[key] = value;
        }
        return audit.WriteAsync(new AuditEntry(hub, clock.GetUtcNow(), caller.ActorId, action, null, null, caller.CorrelationId, details), ct);
    }
}
