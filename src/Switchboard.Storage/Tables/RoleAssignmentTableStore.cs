using Azure;
using Azure.Data.Tables;
using Switchboard.Core.Access;
using Switchboard.Core.Ports;

namespace Switchboard.Storage.Tables;

/// <summary>
/// Role assignments, kept twice: by hub (partition = hub) for their management API, and by principal
/// (partition = "p|" + object id) so that resolving a caller's grants is one partition query. The principal
/// row is written first and removed last, so a failure in between can only leave a grant the hub row no
/// longer shows, which the next PUT or DELETE of the same id repairs.
/// </summary>
public sealed class RoleAssignmentTableStore(StorageTables tables) : IRoleAssignmentStore
{
    private static string PrincipalPartition(string principalId) => "p|" + principalId;

    public async Task<Versioned<RoleAssignment>> UpsertAsync(RoleAssignment a, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.RoleAssignments, ct);
        var previous = await GetAsync(a.Hub, a.Id, ct);
        await table.UpsertEntityAsync(Entity(PrincipalPartition(a.PrincipalId), $"{a.Hub}|{a.Id}", a), TableUpdateMode.Replace, ct);
        var response = await table.UpsertEntityAsync(Entity(a.Hub, a.Id, a), TableUpdateMode.Replace, ct);
        if (previous is not null && previous.Value.PrincipalId != a.PrincipalId)
        {
            await table.DeleteEntityAsync(PrincipalPartition(previous.Value.PrincipalId), $"{a.Hub}|{a.Id}", ETag.All, ct);
        }
        return new Versioned<RoleAssignment>(a, response.Headers.ETag.ToString()!);
    }

    public async Task<Versioned<RoleAssignment>?> GetAsync(string hub, string id, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.RoleAssignments, ct);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(hub, id, cancellationToken: ct);
        return found.HasValue ? new Versioned<RoleAssignment>(ToAssignment(found.Value!), found.Value!.ETag.ToString()) : null;
    }

    public async Task<IReadOnlyList<Versioned<RoleAssignment>>> ListAsync(string hub, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.RoleAssignments, ct);
        var result = new List<Versioned<RoleAssignment>>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {hub}"), cancellationToken: ct))
        {
            result.Add(new Versioned<RoleAssignment>(ToAssignment(e), e.ETag.ToString()));
        }
        return result;
    }

    public async Task<IReadOnlyList<RoleAssignment>> ForPrincipalAsync(string principalId, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.RoleAssignments, ct);
        var result = new List<RoleAssignment>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PrincipalPartition(principalId)}"), cancellationToken: ct))
        {
            result.Add(ToAssignment(e));
        }
        return result;
    }

    public async Task<bool> DeleteAsync(string hub, string id, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.RoleAssignments, ct);
        var found = await GetAsync(hub, id, ct);
        if (found is null)
        {
            return false;
        }
        await table.DeleteEntityAsync(hub, id, ETag.All, ct);
        await table.DeleteEntityAsync(PrincipalPartition(found.Value.PrincipalId), $"{hub}|{id}", ETag.All, ct);
        return true;
    }

    private static TableEntity Entity(string partition, string row, RoleAssignment a) => new(partition, row)
    {
        ["Id"] = a.Id,
        ["Hub"] = a.Hub,
        ["PrincipalId"] = a.PrincipalId,
        ["Role"] = a.Role.ToString(),
        ["Project"] = a.Project ?? "",
        ["CreatedAt"] = a.CreatedAt,
        ["CreatedBy"] = a.CreatedBy,
    };

    private static RoleAssignment ToAssignment(TableEntity e) => new(
        e.GetString("Id"), e.GetString("Hub"), e.GetString("PrincipalId"), Enum.Parse<Role>(e.GetString("Role")),
        e.GetString("Project") is { Length: > 0 } p ? p : null, e.GetDateTimeOffset("CreatedAt") ?? default, e.GetString("CreatedBy") ?? "");
}
