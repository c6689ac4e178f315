using Azure;
using Azure.Data.Tables;
using Switchboard.Core.Errors;
using Switchboard.Core.Hubs;
using Switchboard.Core.KeyVault;
using Switchboard.Core.Ports;

namespace Switchboard.Storage.Tables;

/// <summary>The hub's Key Vault connection: one row beside the hub's guard, always written together with it.</summary>
public sealed class KeyVaultConnectionTableStore(StorageTables tables) : IKeyVaultConnectionStore
{
    private const string Row = "v|keyvault";

    public async Task<Versioned<KeyVaultConnection>?> GetAsync(string hub, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Connections, ct);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(hub, Row, cancellationToken: ct);
        return found.HasValue ? ToConnection(found.Value!) : null;
    }

    public async Task<Versioned<KeyVaultConnection>> InsertAsync(KeyVaultConnection connection, Versioned<HubGuard> guard, HubGuard newGuard, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Connections, ct);
        var responses = await GuardTransaction.SubmitAsync(table, connection.Hub, guard.ETag, newGuard,
            [new TableTransactionAction(TableTransactionActionType.Add, FromConnection(connection))],
            status => status == 409
                ? new SwitchboardException(ErrorCode.KeyVaultAlreadyConnected, $"Hub '{connection.Hub}' already has a Key Vault connection.")
                : TableErrors.Stale($"Hub '{connection.Hub}'"),
            ct);
        return new Versioned<KeyVaultConnection>(connection, responses[0].Headers.ETag.ToString()!);
    }

    public async Task<Versioned<KeyVaultConnection>> ReplaceAsync(KeyVaultConnection connection, string etag, Versioned<HubGuard>? guard, HubGuard? newGuard, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Connections, ct);
        if (guard is null || newGuard is null)
        {
            try
            {
                var response = await table.UpdateEntityAsync(FromConnection(connection), new ETag(etag), TableUpdateMode.Replace, ct);
                return new Versioned<KeyVaultConnection>(connection, response.Headers.ETag.ToString()!);
            }
            catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
            {
                throw TableErrors.Stale($"The Key Vault connection of hub '{connection.Hub}'");
            }
        }
        var responses = await GuardTransaction.SubmitAsync(table, connection.Hub, guard.ETag, newGuard,
            [new TableTransactionAction(TableTransactionActionType.UpdateReplace, FromConnection(connection), new ETag(etag))],
            _ => TableErrors.Stale($"The Key Vault connection of hub '{connection.Hub}'"), ct);
        return new Versioned<KeyVaultConnection>(connection, responses[0].Headers.ETag.ToString()!);
    }

    public async Task DeleteAsync(string hub, string etag, Versioned<HubGuard> guard, HubGuard newGuard, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Connections, ct);
        await GuardTransaction.SubmitAsync(table, hub, guard.ETag, newGuard,
            [new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(hub, Row), new ETag(etag))],
            _ => TableErrors.Stale($"The Key Vault connection of hub '{hub}'"), ct);
    }

    public async IAsyncEnumerable<Versioned<KeyVaultConnection>> ListAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Connections, ct);
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {Row}"), cancellationToken: ct))
        {
            yield return ToConnection(e);
        }
    }

    private static TableEntity FromConnection(KeyVaultConnection c) => new(c.Hub, Row)
    {
        ["VaultUri"] = c.VaultUri.ToString(),
        ["Status"] = c.Status.ToString(),
        ["LastCheckedAt"] = c.LastCheckedAt,
        ["OperationId"] = c.OperationId,
        ["Stamp"] = Json.Write(c.Stamp),
    };

    private static Versioned<KeyVaultConnection> ToConnection(TableEntity e) => new(new KeyVaultConnection(
        e.PartitionKey, new Uri(e.GetString("VaultUri")), Enum.Parse<KeyVaultStatus>(e.GetString("Status")),
        e.GetDateTimeOffset("LastCheckedAt"), e.GetString("OperationId"), Json.Read<Audit>(e.GetString("Stamp"), null!)), e.ETag.ToString());
}
