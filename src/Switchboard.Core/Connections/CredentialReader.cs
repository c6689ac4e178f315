using System.Collections.Concurrent;
using Switchboard.Core.Errors;
using Switchboard.Core.Ports;

namespace Switchboard.Core.Connections;

/// <summary>A connection's credentials as a client receives them: references resolved, the version named.</summary>
public sealed record RevealedCredentials(IReadOnlyDictionary<string, string> Credentials, string? SecretVersion, IReadOnlyList<string> Unresolved);

/// <summary>
/// The only way credentials leave Switchboard: <c>listSecrets</c> (audited) and the connection test.
/// Secret values are cached in memory by vault, name and version: a version's value never changes, and the
/// row (read on every call) names the version, so a rotation is seen at once by every instance.
/// </summary>
public sealed class CredentialReader(ConnectionService connections, ISecretStore secrets, IAuditLog audit, IConfigurationLookup configuration, TimeProvider clock)
{
    private const int CacheLimit = 10_000;
    private readonly ConcurrentDictionary<(Uri, string, string), IReadOnlyDictionary<string, string>> cache = new();

    /// <summary>
    /// The row is read on every call (it names the version); the audit entry is written at the same time and
    /// stored before anything is returned. It is written as the caller named the connection and corrected when the
    /// row says otherwise (another spelling of the alias, a hub connection listed from a project).
    /// </summary>
    public async Task<RevealedCredentials> ListSecretsAsync(ConnectionScope scope, string alias, bool previous, string? ifMatch, Caller caller, CancellationToken ct)
    {
        var entry = new AuditEntry(scope.Hub, clock.GetUtcNow(), caller.ActorId, AuditActions.SecretsListed, scope.Project, alias,
            caller.CorrelationId, new Dictionary<string, string> { ["version"] = previous ? "previous" : "current", ["scope"] = scope.Project ?? "hub" });
        var listed = await AuditAlongside.RunAsync(audit, entry, async () =>
        {
            for (var attempt = 1; ; attempt++)
            {
                var (connection, etag) = await connections.GetAsync(scope, alias, ct);
                Preconditions.Check(ifMatch, etag);
                if (!connection.IsActive)
                {
                    throw new SwitchboardException(ErrorCode.ConnectionDisabled, $"Connection '{alias}' is disabled; enable it to list its secrets.");
                }
                var version = previous
                    ? connection.Versions.Previous ?? throw SwitchboardException.NotFound($"A previous secret version of connection '{alias}'")
                    : connection.Versions.Current;
                try
                {
                    return (Connection: connection, Revealed: await RevealAsync(connection, version, ct));
                }
                catch (SecretStoreException e) when (e.Failure == SecretStoreFailure.NotFound && attempt == 1)
                {
                    // A Key Vault migration deleted the source secret between the row's read and the secret's:
                    // the row names the copy by now.
                }
            }
        }, found => entry with { Project = found.Connection.Project, Alias = found.Connection.Alias }, ct);
        return listed.Revealed;
    }

    /// <summary>The credentials of a version (current when null), references resolved from configuration.</summary>
    public async Task<RevealedCredentials> RevealAsync(Connection connection, string? version, CancellationToken ct)
    {
        var values = new Dictionary<string, string>();
        if (connection.SecretName is not null && version is not null)
        {
            var vault = await connections.VaultOfAsync(connection, ct);
            foreach (var (key, value) in await ReadVersionAsync(vault, connection.SecretName, version, ct))
            {
                values[key] = value;
            }
        }
        var unresolved = new List<string>();
        foreach (var (field, reference) in connection.CredentialReferences)
        {
            if (configuration.Get(ConfigurationReferences.KeyOf(reference)) is { } resolved)
            {
                values[field] = resolved;
            }
            else
            {
                unresolved.Add(field);
            }
        }
        return new RevealedCredentials(values, version, unresolved);
    }

    private async Task<IReadOnlyDictionary<string, string>> ReadVersionAsync(Uri vault, string name, string version, CancellationToken ct)
    {
        var key = (vault, name, version);
        if (cache.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var values = await secrets.GetAsync(vault, name, version, ct);
        if (cache.Count >= CacheLimit)
        {
            cache.Clear();
        }
        cache[key] = values;
        return values;
    }
}
