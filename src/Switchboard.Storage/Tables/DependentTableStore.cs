using Azure;
using Azure.Data.Tables;
using Switchboard.Core.Ports;

namespace Switchboard.Storage.Tables;

/// <summary>Dependents of connections: partition = hub, row = connection id + dependent id.</summary>
public sealed class DependentTableStore(StorageTables tables) : IDependentStore
{
    public async Task<Versioned<Dependent>> UpsertAsync(string hub, string connectionId, Dependent dependent, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Dependents, ct);
        var entity = new TableEntity(hub, $"{connectionId}|{dependent.Id}")
        {
            ["Kind"] = dependent.Kind,
            ["Name"] = dependent.Name,
            ["CreatedAt"] = dependent.CreatedAt,
            ["CreatedBy"] = dependent.CreatedBy,
        };
        var response = await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
        return new Versioned<Dependent>(dependent, response.Headers.ETag.ToString()!);
    }

    public async Task<IReadOnlyList<Versioned<Dependent>>> ListAsync(string hub, string connectionId, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Dependents, ct);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {hub} and RowKey ge {connectionId + "|"} and RowKey lt {connectionId + "}"}");
        var result = new List<Versioned<Dependent>>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            result.Add(new Versioned<Dependent>(
                new Dependent(e.RowKey[(connectionId.Length + 1)..], e.GetString("Kind"), e.GetString("Name"),
                    e.GetDateTimeOffset("CreatedAt") ?? default, e.GetString("CreatedBy") ?? ""),
                e.ETag.ToString()));
        }
        return result;
    }

    public async Task<bool> DeleteAsync(string hub, string connectionId, string id, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Dependents, ct);
        var response = await table.DeleteEntityAsync(hub, $"{connectionId}|{id}", ETag.All, ct);
        return response.Status != 404;
    }

    public async Task DeleteAllAsync(string hub, string connectionId, CancellationToken ct)
    {
        foreach (var dependent in await ListAsync(hub, connectionId, ct))
        {
            await DeleteAsync(hub, connectionId, dependent.Value.Id, ct);
        }
    }
}
