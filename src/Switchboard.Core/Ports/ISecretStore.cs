namespace Switchboard.Core.Ports;

/// <summary>
/// Where credentials live: one secret per connection in a Key Vault, each change a new version. Values go
/// in and, through <see cref="GetAsync"/>, out; nothing else of this interface returns them.
/// </summary>
public interface ISecretStore
{
    /// <summary>Writes a new version and returns its id.</summary>
    Task<string> SetAsync(Uri vault, string name, IReadOnlyDictionary<string, string> values,
        IReadOnlyDictionary<string, string> tags, DateTimeOffset? expiresAt, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, string>> GetAsync(Uri vault, string name, string version, CancellationToken cancellationToken);

    Task SetVersionEnabledAsync(Uri vault, string name, string version, bool enabled, CancellationToken cancellationToken);

    /// <summary>Keeps a version's Key Vault expiry (<c>exp</c>) in line with the connection's <c>expiresAt</c>.</summary>
    Task SetVersionExpiryAsync(Uri vault, string name, string version, DateTimeOffset? expiresAt, CancellationToken cancellationToken);

    /// <summary>Deletes the secret with all its versions (and purges it where the vault allows). Missing is fine.</summary>
    Task DeleteAsync(Uri vault, string name, CancellationToken cancellationToken);

    /// <summary>Deletes the secret without purging it: recoverable for the vault's retention period. Missing is fine.</summary>
    Task SoftDeleteAsync(Uri vault, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Copies a version to another vault as a new version of the same name there (value, content type, tags,
    /// <c>exp</c> and <c>nbf</c>), tagged with the version it was copied from, so a repeated copy finds the first
    /// instead of writing a second. The copy is read back and compared with its source by hash. Returns the copy's
    /// version, or null when the source version is disabled (a retired version is not copied).
    /// </summary>
    Task<string?> CopyVersionAsync(Uri from, Uri to, string name, string version, CancellationToken cancellationToken);

    /// <summary>The vault's secrets whose names start with <paramref name="namePrefix"/>: names, tags and times, never values.</summary>
    IAsyncEnumerable<StoredSecret> ListAsync(Uri vault, string namePrefix, CancellationToken cancellationToken);
}

/// <summary>What a vault says about a secret without revealing it (its latest version's tags and times).</summary>
public sealed record StoredSecret(string Name, IReadOnlyDictionary<string, string> Tags, DateTimeOffset? UpdatedOn);

public enum SecretStoreFailure
{
    NotFound,
    Forbidden,
    VersionDisabled,
    Unavailable,
    /// <summary>The vault refused what was sent (a value over its limits): trying again will not help.</summary>
    Rejected,
}

/// <summary>A secret store call failed; the message names the vault and secret, never a value.</summary>
public sealed class SecretStoreException(SecretStoreFailure failure, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public SecretStoreFailure Failure { get; } = failure;
}
