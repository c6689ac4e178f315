using Switchboard.Core.Connections;

namespace Switchboard.Core.Ports;

/// <summary>What a list of connections asks for.</summary>
public sealed record ConnectionQuery(
    string? Project,
    string? Provider = null,
    bool? IsActive = null,
    CredentialStatus? CredentialStatus = null,
    DateTimeOffset? ExpiringBefore = null);

/// <summary>
/// Connections of a hub and the hub's guard: one record per hub that every create and delete of a
/// connection changes in the same atomic write, so "Key Vault first and last" and "no writes while the hub
/// is deleted" hold under concurrency. A stale guard makes the write fail with PreconditionFailed.
/// </summary>
public interface IConnectionStore
{
    /// <summary>The hub's guard; <see cref="HubGuard.Initial"/> with an empty ETag while the hub has none.</summary>
    Task<Versioned<HubGuard>> GetGuardAsync(string hub, CancellationToken cancellationToken);
    Task<Versioned<HubGuard>> ReplaceGuardAsync(string hub, HubGuard guard, string etag, CancellationToken cancellationToken);

    Task<Versioned<Connection>?> GetAsync(string hub, string alias, CancellationToken cancellationToken);

    /// <summary>Inserts and bumps the guard atomically; AliasTaken when the alias is used anywhere in the hub.</summary>
    Task<Versioned<Connection>> InsertAsync(Connection connection, Versioned<HubGuard> guard, CancellationToken cancellationToken);

    Task<Versioned<Connection>> ReplaceAsync(Connection connection, string etag, CancellationToken cancellationToken);

    /// <summary>Deletes and updates the guard atomically.</summary>
    Task DeleteAsync(Connection connection, string etag, Versioned<HubGuard> guard, CancellationToken cancellationToken);

    Task<ListPage<Versioned<Connection>>> ListAsync(string hub, ConnectionQuery query, DateTimeOffset now, int top, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="top"/> connections of the hub and all its projects, in no particular order.</summary>
    Task<IReadOnlyList<Versioned<Connection>>> ScanAsync(string hub, int top, CancellationToken cancellationToken);

    /// <summary>Every connection of the hub and all its projects, page by page.</summary>
    IAsyncEnumerable<Versioned<Connection>> ListAllAsync(string hub, CancellationToken cancellationToken);

    /// <summary>The connection with this id in the hub (a query of the hub's partition), or null.</summary>
    Task<Versioned<Connection>?> FindByIdAsync(string hub, string connectionId, CancellationToken cancellationToken);

    /// <summary>Removes the hub's guard: the last thing a hub teardown does.</summary>
    Task DeleteGuardAsync(string hub, CancellationToken cancellationToken);
}

public enum KeyVaultState
{
    None,
    Provisioning,
    Active,
}

/// <summary>
/// The per-hub state that connection writes serialise on. <see cref="MigratingTo"/>: a Key Vault migration moves
/// the hub's credentials to that vault, and writes that carry credentials wait until it has finished.
/// </summary>
public sealed record HubGuard(int ConnectionCount, KeyVaultState KeyVault, Uri? VaultUri, bool Deleting, Uri? MigratingTo = null)
{
    public static readonly HubGuard Initial = new(0, KeyVaultState.None, null, false);
}

/// <summary>The hub's Key Vault connection, written together with the hub's guard.</summary>
public interface IKeyVaultConnectionStore
{
    Task<Versioned<KeyVault.KeyVaultConnection>?> GetAsync(string hub, CancellationToken cancellationToken);

    /// <summary>Inserts the connection and moves the guard (ETag-conditioned) in one atomic write.</summary>
    Task<Versioned<KeyVault.KeyVaultConnection>> InsertAsync(KeyVault.KeyVaultConnection connection, Versioned<HubGuard> guard, HubGuard newGuard, CancellationToken cancellationToken);

    /// <summary>Replaces the connection and moves the guard (both ETag-conditioned) in one atomic write.</summary>
    Task<Versioned<KeyVault.KeyVaultConnection>> ReplaceAsync(KeyVault.KeyVaultConnection connection, string etag, Versioned<HubGuard>? guard, HubGuard? newGuard, CancellationToken cancellationToken);

    /// <summary>Deletes the connection and moves the guard in one atomic write.</summary>
    Task DeleteAsync(string hub, string etag, Versioned<HubGuard> guard, HubGuard newGuard, CancellationToken cancellationToken);

    /// <summary>Every hub's Key Vault connection, for the periodic health check.</summary>
    IAsyncEnumerable<Versioned<KeyVault.KeyVaultConnection>> ListAllAsync(CancellationToken cancellationToken);
}
