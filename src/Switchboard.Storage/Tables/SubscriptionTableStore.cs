using Azure;
using Azure.Data.Tables;
using Switchboard.Core.Hubs;
using Switchboard.Core.Notifications;
using Switchboard.Core.Ports;

namespace Switchboard.Storage.Tables;

/// <summary>Webhook subscriptions: partition = hub, row = subscription id. The signing secret is in Key Vault.</summary>
public sealed class SubscriptionTableStore(StorageTables tables) : ISubscriptionStore
{
    public async Task<Versioned<Subscription>> UpsertAsync(Subscription s, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Subscriptions, ct);
        var response = await table.UpsertEntityAsync(new TableEntity(s.Hub, s.Id)
        {
            ["Url"] = s.Url.ToString(),
            ["EventTypes"] = Json.Write(s.EventTypes),
            ["SecretName"] = s.SecretName,
            ["SecretVersion"] = s.SecretVersion,
            ["LastDelivery"] = s.LastDelivery is null ? null : Json.Write(s.LastDelivery),
            ["Stamp"] = Json.Write(s.Stamp),
        }, TableUpdateMode.Replace, ct);
        return new Versioned<Subscription>(s, response.Headers.ETag.ToString()!);
    }

    public async Task<Versioned<Subscription>?> GetAsync(string hub, string id, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Subscriptions, ct);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(hub, id, cancellationToken: ct);
        return found.HasValue ? ToSubscription(found.Value!) : null;
    }

    public async Task<IReadOnlyList<Versioned<Subscription>>> ListAsync(string hub, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Subscriptions, ct);
        var result = new List<Versioned<Subscription>>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {hub}"), cancellationToken: ct))
        {
            result.Add(ToSubscription(e));
        }
        return result;
    }

    public async Task<bool> DeleteAsync(string hub, string id, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Subscriptions, ct);
        return (await table.DeleteEntityAsync(hub, id, ETag.All, ct)).Status != 404;
    }

    public async Task RecordDeliveryAsync(string hub, string id, DeliveryStatus status, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Subscriptions, ct);
        // A merge of one column: concurrent deliveries may race, and the last one to finish is the one shown.
        try
        {
            await table.UpdateEntityAsync(new TableEntity(hub, id) { ["LastDelivery"] = Json.Write(status) }, ETag.All, TableUpdateMode.Merge, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The subscription was deleted meanwhile.
        }
    }

    private static Versioned<Subscription> ToSubscription(TableEntity e) => new(new Subscription(
        e.PartitionKey, e.RowKey, new Uri(e.GetString("Url")), Json.Read<List<string>>(e.GetString("EventTypes"), []),
        e.GetString("SecretName"), e.GetString("SecretVersion"),
        e.GetString("LastDelivery") is { } last ? Json.Read<DeliveryStatus?>(last, null) : null,
        Json.Read<Audit>(e.GetString("Stamp"), null!)), e.ETag.ToString());
}
