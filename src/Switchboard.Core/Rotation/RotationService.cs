using System.Security.Cryptography;
using Switchboard.Core.Connections;
using Switchboard.Core.Errors;
using Switchboard.Core.Ports;
using Switchboard.Core.Providers;

namespace Switchboard.Core.Rotation;

/// <summary>
/// What a rotation workflow carries: where the connection is, the pending version's id and the vault it was written
/// to (null in rotations started before it was recorded: the row's vault), no value.
/// </summary>
public sealed record RotationTarget(string Hub, string? Project, string Alias, string ConnectionId, string PendingVersion, DateTimeOffset? ExpiresAt, Uri? Vault = null);

/// <summary>
/// Credential rotation without downtime, staged as in AWS Secrets Manager: the new credentials become a
/// pending secret version, are tested, promoted (pending -> current, current -> previous), and the previous
/// version is retired after a grace period. Every step is idempotent: a crashed step can simply run again.
/// </summary>
public sealed class RotationService(
    ConnectionService connections, IConnectionStore store, ISecretStore secrets, ConnectionValidator validator, IAuditLog audit,
    Expiry.ExpiryTracking expiry, SecretVault vaults, TimeProvider clock)
{
    /// <summary>
    /// Validates the new credentials (or generates them where the provider can) and writes them as a new,
    /// not yet used, secret version. Returns what the workflow needs; the connection row is not touched yet.
    /// </summary>
    public async Task<RotationTarget> PrepareAsync(ConnectionScope scope, string alias, IReadOnlyDictionary<string, string>? credentials, CancellationToken ct)
    {
        var (connection, _) = await OwnedAsync(scope, alias, ct);
        if (!connection.IsActive)
        {
            throw new SwitchboardException(ErrorCode.ConnectionDisabled, $"Connection '{alias}' is disabled; enable it to rotate its credentials.");
        }
        var provider = ProviderCatalog.Find(connection.Provider)!;
        credentials ??= Generate(provider, connection);
        var valid = validator.Validate(ToInput(connection, credentials), connection.IsHubConnection);
        if (valid.Literals!.Count == 0)
        {
            throw SwitchboardException.Validation("credentials", "A rotation needs credentials stored in Key Vault; change configuration references with PATCH.");
        }
        if ((await store.GetGuardAsync(connection.Hub, ct)).Value.MigratingTo is not null)
        {
            throw KeyVault.KeyVaultMigrationService.InProgress(connection.Hub);
        }
        var now = clock.GetUtcNow();
        var expiresAt = connection.Rotation.ExpiryOfVersionWrittenAt(now, null);
        var vault = await connections.VaultOfAsync(connection, ct);
        var version = await secrets.SetAsync(vault, connection.SecretName ?? SecretVault.SecretNameOf(connection.Hub, connection.Id), valid.Literals,
            vaults.TagsOf(connection.Hub, connection.Project, connection.Alias, connection.Id, stage: "pending"), expiresAt, ct);
        return new RotationTarget(connection.Hub, connection.Project, connection.Alias, connection.Id, version, expiresAt, vault);
    }

    /// <summary>
    /// Records the pending version on the row, so every reader can see a rotation is under way (and a Key Vault
    /// migration waits for it). False when a migration moved the connection to another vault after the pending
    /// version was written: the rotation cannot go on.
    /// </summary>
    public async Task<bool> StageAsync(RotationTarget target, CancellationToken ct)
    {
        var (connection, etag) = await CurrentAsync(target, ct);
        if (connection.Versions.Pending == target.PendingVersion || connection.Versions.Current == target.PendingVersion)
        {
            return true;
        }
        if (target.Vault is not null && target.Vault != await connections.VaultOfAsync(connection, ct))
        {
            return false;
        }
        var secretName = connection.SecretName ?? SecretVault.SecretNameOf(connection.Hub, connection.Id);
        await store.ReplaceAsync(connection with { SecretName = secretName, Versions = connection.Versions with { Pending = target.PendingVersion } }, etag, ct);
        return true;
    }

    /// <summary>The pending version's credentials, for the provider's probe.</summary>
    public async Task<Connection> ConnectionAsync(RotationTarget target, CancellationToken ct) => (await CurrentAsync(target, ct)).Connection;

    /// <summary>
    /// Pending becomes current, current becomes previous. Answers the promoted connection, or null when another
    /// change superseded this rotation.
    /// </summary>
    public async Task<Connection?> PromoteAsync(RotationTarget target, string actor, CancellationToken ct)
    {
        var (connection, etag) = await CurrentAsync(target, ct);
        if (connection.Versions.Current == target.PendingVersion)
        {
            return connection;
        }
        if (connection.Versions.Pending != target.PendingVersion)
        {
            return null;
        }
        if (connection.Versions.Previous is { } older)
        {
            // Only current and previous are ever readable: a rotation within an earlier one's grace period retires
            // that rotation's previous version now. Before the row changes, so a re-run disables it again.
            var vault = await connections.VaultOfAsync(connection, ct);
            await secrets.SetVersionEnabledAsync(vault, connection.SecretName!, older, false, ct);
        }
        var now = clock.GetUtcNow();
        var promoted = Expiry.ExpiryTracking.Track(connection, connection with
        {
            Versions = new SecretVersions(target.PendingVersion, connection.Versions.Current, null),
            ExpiresAt = target.ExpiresAt ?? connection.ExpiresAt,
            Stamp = connection.Stamp.Touch(now, actor),
        }, now);
        await expiry.BeforeWriteAsync(promoted, ct);
        await store.ReplaceAsync(promoted, etag, ct);
        await expiry.AfterWriteAsync(connection, promoted, ct);
        return promoted;
    }

    /// <summary>
    /// After the grace period (or at once, for a revoked credential): <paramref name="version"/> is disabled in Key
    /// Vault and the row forgets it. A version that is current or pending again is left alone.
    /// </summary>
    public async Task RetireAsync(RotationTarget target, string version, CancellationToken ct)
    {
        var found = await store.GetAsync(target.Hub, target.Alias, ct);
        if (found is not { } row || row.Value.Id != target.ConnectionId)
        {
            return;
        }
        var connection = row.Value;
        if (connection.Versions.Current == version || connection.Versions.Pending == version)
        {
            return;
        }
        // A Key Vault migration during the grace period copied the previous version: its copy is the one to retire.
        var previous = connection.Versions.Previous is { } p && (p == version || connection.MovedFrom?.Versions.Previous == version) ? p : null;
        if (previous is null)
        {
            // Not the row's previous version any more: a later rotation retired it at once, or a migration left it
            // behind in the vault it deleted.
            return;
        }
        var vault = await connections.VaultOfAsync(connection, ct);
        await secrets.SetVersionEnabledAsync(vault, connection.SecretName!, previous, false, ct);
        await store.ReplaceAsync(connection with { Versions = connection.Versions with { Previous = null } }, row.ETag, ct);
    }

    /// <summary>Compensation: the pending version is disabled and the row forgets it; the connection is as before.</summary>
    public async Task DiscardAsync(RotationTarget target, CancellationToken ct)
    {
        var found = await store.GetAsync(target.Hub, target.Alias, ct);
        if (found is not null && found.Value.Id == target.ConnectionId)
        {
            var vault = target.Vault ?? await connections.VaultOfAsync(found.Value, ct);
            if (found.Value.Versions.Current != target.PendingVersion)
            {
                await secrets.SetVersionEnabledAsync(vault, found.Value.SecretName ?? SecretVault.SecretNameOf(target.Hub, target.ConnectionId), target.PendingVersion, false, ct);
            }
            if (found.Value.Versions.Pending == target.PendingVersion)
            {
                await store.ReplaceAsync(found.Value with { Versions = found.Value.Versions with { Pending = null } }, found.ETag, ct);
            }
        }
    }

    public Task AuditAsync(RotationTarget target, string action, string actor, string correlationId, IReadOnlyDictionary<string, string>? details, CancellationToken ct) =>
        audit.WriteAsync(new AuditEntry(target.Hub, clock.GetUtcNow(), actor, action, target.Project, target.Alias, correlationId, details), ct);

    private static IReadOnlyDictionary<string, string> Generate(Provider provider, Connection connection)
    {
        if (!provider.CanGenerateCredentials || connection.AuthType != AuthType.ApiKey)
        {
            throw SwitchboardException.Validation("credentials",
                $"{provider.Id} credentials cannot be generated by Switchboard: send the new credentials in the body.");
        }
        return new Dictionary<string, string> { ["key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_') };
    }

    private static ConnectionInput ToInput(Connection c, IReadOnlyDictionary<string, string> credentials) => new(
        c.Alias, c.Name, c.Provider, c.Target.ToString(), c.AuthType.ToString(), credentials, c.Settings, c.IsActive, c.ExpiresAt,
        new RotationInput(System.Xml.XmlConvert.ToString(c.Rotation.NotifyBefore), c.Rotation.AutoRotate, System.Xml.XmlConvert.ToString(c.Rotation.GracePeriod),
            c.Rotation.ValidityPeriod is { } v ? System.Xml.XmlConvert.ToString(v) : null, ConnectionValidator.NameOf(c.Rotation.Test)),
        c.SharedWith, c.Metadata);

    private async Task<(Connection Connection, string ETag)> OwnedAsync(ConnectionScope scope, string alias, CancellationToken ct)
    {
        var found = await connections.GetAsync(scope, alias, ct);
        return found.Value.Project == scope.Project
            ? (found.Value, found.ETag)
            : throw SwitchboardException.NotFound($"Connection '{alias}' in {scope}");
    }

    private async Task<(Connection Connection, string ETag)> CurrentAsync(RotationTarget target, CancellationToken ct)
    {
        var found = await store.GetAsync(target.Hub, target.Alias, ct);
        return found is not null && found.Value.Id == target.ConnectionId
            ? (found.Value, found.ETag)
            : throw new RotationTargetGoneException($"Connection '{target.Alias}' was deleted during its rotation.");
    }
}

/// <summary>The connection a rotation works on no longer exists: the rotation cannot finish.</summary>
public sealed class RotationTargetGoneException(string message) : Exception(message);
