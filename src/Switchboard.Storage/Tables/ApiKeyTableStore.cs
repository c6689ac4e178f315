using Azure;
using Azure.Data.Tables;
using Switchboard.Core.Access;
using Switchboard.Core.Ports;

namespace Switchboard.Storage.Tables;

/// <summary>
/// API keys in one partition keyed by key id, so authenticating a request is one point read. A hub's keys
/// are listed with a filter on the hub column.
/// </summary>
public sealed class ApiKeyTableStore(StorageTables tables) : IApiKeyStore
{
    private const string Partition = "key";

    public async Task InsertAsync(ApiKeyRecord key, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.ApiKeys, ct);
        await table.AddEntityAsync(new TableEntity(Partition, key.Id)
        {
            ["Hub"] = key.Hub,
            ["Project"] = key.Project ?? "",
            ["Role"] = key.Role.ToString(),
            ["Name"] = key.Name,
            ["Salt"] = key.Salt,
            ["Hash"] = key.Hash,
            ["ExpiresAt"] = key.ExpiresAt,
            ["CreatedAt"] = key.CreatedAt,
            ["CreatedBy"] = key.CreatedBy,
        }, ct);
    }

    public async Task<ApiKeyRecord?> GetAsync(string id, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.ApiKeys, ct);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: ct);
        return found.HasValue ? ToRecord(found.Value!) : null;
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string hub, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.ApiKeys, ct);
        var result = new List<ApiKeyRecord>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Hub eq {hub}"), cancellationToken: ct))
        {
            result.Add(ToRecord(e));
        }
        return result;
    }

    public async Task<bool> DeleteAsync(string hub, string id, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.ApiKeys, ct);
        var response = await table.DeleteEntityAsync(Partition, id, ETag.All, ct);
        return response.Status != 404;
    }

    private static ApiKeyRecord ToRecord(TableEntity e) => new(
        e.RowKey, e.GetString("Hub"), e.GetString("Project") is { Length: > 0 } p ? p : null, Enum.Parse<Role>(e.GetString("Role")),
        e.GetString("Name"), e.GetString("Salt"), e.GetString("Hash"), e.GetDateTimeOffset("ExpiresAt"),
        e.GetDateTimeOffset("CreatedAt") ?? default, e.GetString("CreatedBy") ?? "");
}
