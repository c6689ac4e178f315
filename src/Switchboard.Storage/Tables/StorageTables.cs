using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace Switchboard.Storage.Tables;

/// <summary>
/// The service's tables, named with the configured prefix and created on first use (not at start-up, so the
/// app starts, and reports itself unhealthy, while storage is down).
/// </summary>
public sealed class StorageTables(TableServiceClient service, string prefix)
{
    public const string Hubs = "Hubs";
    public const string Projects = "Projects";
    public const string Connections = "Connections";
    public const string Dependents = "Dependents";
    public const string Audit = "Audit";
    public const string Idempotency = "Idempotency";
    public const string ApiKeys = "ApiKeys";
    public const string ExpiryIndex = "ExpiryIndex";
    public const string Subscriptions = "Subscriptions";
    public const string RoleAssignments = "RoleAssignments";

    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> tables = new();

    public string Prefix { get; } = prefix;

    public string NameOf(string table) => Prefix + table;

    /// <summary>
    /// Names this set of tables (account endpoint and prefix) without revealing them: what the secrets a deployment
    /// writes are tagged with, so that deployments sharing a vault tell their secrets apart.
    /// </summary>
    public string StoreId { get; } = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes(service.Uri.AbsoluteUri.TrimEnd('/').ToLowerInvariant() + "|" + prefix.ToLowerInvariant())))[..16];

    public async Task<TableClient> GetAsync(string table, CancellationToken cancellationToken)
    {
        var lazy = tables.GetOrAdd(table, t => new Lazy<Task<TableClient>>(() => CreateAsync(t)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch when (lazy.Value.IsFaulted)
        {
            // Storage was down: try again on the next call instead of remembering the failure.
            tables.TryRemove(KeyValuePair.Create(table, lazy));
            throw;
        }
    }

    private async Task<TableClient> CreateAsync(string table)
    {
        var client = service.GetTableClient(NameOf(table));
        await client.CreateIfNotExistsAsync();
        return client;
    }
}
