using Azure;
using Azure.Data.Tables;
using Switchboard.Core.Connections;
using Switchboard.Core.Errors;
using Switchboard.Core.Ports;

namespace Switchboard.Storage.Tables;

/// <summary>
/// All connections of a hub, its projects' included, live in one partition (the hub), keyed by the
/// lowercased alias: an insert that collides is an alias taken anywhere in the hub, whatever the case. The
/// partition also holds the hub's guard row, which creates and deletes change in the same entity group
/// transaction, so they serialise on its ETag, and for each connection an id row (<c>i|{id}</c>: its alias),
/// written and deleted in that same transaction, so finding a connection by id is two point reads, not a scan.
/// </summary>
public sealed class ConnectionTableStore(StorageTables tables) : IConnectionStore
{
    private const string GuardRow = "guard";
    private const string ConnectionPrefix = "c|";
    // '}' is the character after '|': every connection row key sorts between the two.
    private const string ConnectionPrefixEnd = "c}";

    public static string RowKeyOf(string alias) => ConnectionPrefix + Core.Names.AliasKey(alias);

    private static string IdRowKeyOf(string connectionId) => "i|" + connectionId;

    private static TableEntity IdRow(Connection connection) =>
        new(connection.Hub, IdRowKeyOf(connection.Id)) { ["Alias"] = connection.Alias };

    public async Task<Versioned<HubGuard>> GetGuardAsync(string hub, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Connections, ct);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(hub, GuardRow, cancellationToken: ct);
        // A hub without a guard row yet has had no connection; an empty ETag tells writers to insert it.
        return found.HasValue ? ConnectionEntities.ToGuard(found.Value!) : new Versioned<HubGuard>(HubGuard.Initial, "");
    }

    public async Task<Versioned<HubGuard>> ReplaceGuardAsync(string hub, HubGuard guard, string etag, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Connections, ct);
        var entity = ConnectionEntities.FromGuard(hub, guard);
        try
        {
            var response = etag.Length == 0
                ? await table.AddEntityAsync(entity, ct)
                : await table.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Replace, ct);
            return new Versioned<HubGuard>(guard, response.Headers.ETag.ToString()!);
        }
        catch (RequestFailedException e) when (e.IsConflict() || e.IsPreconditionFailed() || e.IsNotFound())
        {
            throw TableErrors.Stale($"Hub '{hub}'");
        }
    }

    public async Task<Versioned<Connection>?> GetAsync(string hub, string alias, CancellationToken ct)
    {
        if (!Core.Names.IsValidAlias(alias))
        {
            return null;
        }
        var table = await tables.GetAsync(StorageTables.Connections, ct);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(hub, RowKeyOf(alias), cancellationToken: ct);
        return found.HasValue ? ConnectionEntities.ToConnection(found.Value!) : null;
    }

    public async Task<Versioned<Connection>> InsertAsync(Connection connection, Versioned<HubGuard> guard, CancellationToken ct)
    {
        var bumped = guard.Value with { ConnectionCount = guard.Value.ConnectionCount + 1 };
        var responses = await SubmitWithGuardAsync(connection.Hub, guard.ETag, bumped,
            [
                new TableTransactionAction(TableTransactionActionType.Add, ConnectionEntities.FromConnection(connection)),
                new TableTransactionAction(TableTransactionActionType.Add, IdRow(connection)),
            ],
            onConnectionFailure: status => status == 409
                ? new SwitchboardException(ErrorCode.AliasTaken,
                    $"The alias '{connection.Alias}' is already used in hub '{connection.Hub}' or one of its projects (aliases ignore case).")
                : TableErrors.Stale($"Connection '{connection.Alias}'"),
            ct);
        return new Versioned<Connection>(connection, responses[0].Headers.ETag.ToString()!);
    }

    public async Task<Versioned<Connection>> ReplaceAsync(Connection connection, string etag, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Connections, ct);
        try
        {
            var response = await table.UpdateEntityAsync(ConnectionEntities.FromConnection(connection), new ETag(etag), TableUpdateMode.Replace, ct);
            return new Versioned<Connection>(connection, response.Headers.ETag.ToString()!);
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            throw TableErrors.Stale($"Connection '{connection.Alias}'");
        }
    }

    public async Task DeleteAsync(Connection connection, string etag, Versioned<HubGuard> guard, CancellationToken ct)
    {
        var lowered = guard.Value with { ConnectionCount = Math.Max(0, guard.Value.ConnectionCount - 1) };
        var row = new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(connection.Hub, RowKeyOf(connection.Alias)), new ETag(etag));
        var failedStatus = 0;
        try
        {
            await SubmitWithGuardAsync(connection.Hub, guard.ETag, lowered,
                [row, new TableTransactionAction(TableTransactionActionType.Delete, IdRow(connection), ETag.All)],
                onConnectionFailure: status =>
                {
                    failedStatus = status;
                    return TableErrors.Stale($"Connection '{connection.Alias}'");
                },
                ct);
            return;
        }
        catch (SwitchboardException) when (failedStatus == 404)
        {
            // The connection row is gone (stale), or it was written before id rows existed: only the latter goes on.
        }
        var table = await tables.GetAsync(StorageTables.Connections, ct);
        if ((await table.GetEntityIfExistsAsync<TableEntity>(connection.Hub, IdRowKeyOf(connection.Id), ["RowKey"], ct)).HasValue)
        {
            throw TableErrors.Stale($"Connection '{connection.Alias}'");
        }
        await SubmitWithGuardAsync(connection.Hub, guard.ETag, lowered, [row],
            onConnectionFailure: _ => TableErrors.Stale($"Connection '{connection.Alias}'"), ct);
    }

    public async Task<ListPage<Versioned<Connection>>> ListAsync(string hub, ConnectionQuery query, DateTimeOffset now, int top, string? continuationToken, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Connections, ct);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {hub} and RowKey ge {ConnectionPrefix} and RowKey lt {ConnectionPrefixEnd}");
        // Project connections and hub connections sit side by side; a project also sees shared hub ones.
        filter += query.Project is null
            ? " and " + TableClient.CreateQueryFilter($"Project eq {""}")
            : " and " + TableClient.CreateQueryFilter($"(Project eq {query.Project} or Project eq {""})");
        if (query.Provider is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Provider eq {query.Provider}");
        }
        if (query.IsActive is { } active)
        {
            filter += " and " + TableClient.CreateQueryFilter($"IsActive eq {active}");
        }
        if (query.ExpiringBefore is { } before)
        {
            filter += " and " + TableClient.CreateQueryFilter($"ExpiresAt le {before}");
        }

        var pageable = table.QueryAsync<TableEntity>(filter, top, cancellationToken: ct);
        return await Paging.FirstPageAsync(pageable, top, continuationToken, entity =>
        {
            var connection = ConnectionEntities.ToConnection(entity);
            var visible = connection.Value.IsVisibleTo(query.Project)
                && (query.CredentialStatus is null || connection.Value.CredentialStatusAt(now) == query.CredentialStatus);
            return visible ? connection : null;
        });
    }

    public async Task<IReadOnlyList<Versioned<Connection>>> ScanAsync(string hub, int top, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Connections, ct);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {hub} and RowKey ge {ConnectionPrefix} and RowKey lt {ConnectionPrefixEnd}");
        var page = await Paging.FirstPageAsync(table.QueryAsync<TableEntity>(filter, top, cancellationToken: ct), top, null, ConnectionEntities.ToConnection);
        return page.Items;
    }

    public async IAsyncEnumerable<Versioned<Connection>> ListAllAsync(string hub, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Connections, ct);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {hub} and RowKey ge {ConnectionPrefix} and RowKey lt {ConnectionPrefixEnd}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            yield return ConnectionEntities.ToConnection(entity);
        }
    }

    public async Task<Versioned<Connection>?> FindByIdAsync(string hub, string connectionId, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Connections, ct);
        var idRow = await table.GetEntityIfExistsAsync<TableEntity>(hub, IdRowKeyOf(connectionId), ["Alias"], ct);
        if (!idRow.HasValue || idRow.Value!.GetString("Alias") is not { } alias)
        {
            return null;
        }
        var found = await GetAsync(hub, alias, ct);
        return found?.Value.Id == connectionId ? found : null;
    }

    public async Task DeleteGuardAsync(string hub, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Connections, ct);
        await table.DeleteEntityAsync(hub, GuardRow, ETag.All, ct);
    }

    private async Task<IReadOnlyList<Response>> SubmitWithGuardAsync(
        string hub, string guardETag, HubGuard newGuard, IReadOnlyList<TableTransactionAction> connectionActions,
        Func<int, SwitchboardException> onConnectionFailure, CancellationToken ct) =>
        await GuardTransaction.SubmitAsync(await tables.GetAsync(StorageTables.Connections, ct), hub, guardETag, newGuard, connectionActions, onConnectionFailure, ct);
}
