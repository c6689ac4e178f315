using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Switchboard.Core.Ports;

namespace Switchboard.Storage.Tables;

/// <summary>
/// The expiry index: partition = the day an entry is due ("d20261124"), row = hub + connection id. The scan reads
/// the days from a watermark (the first day that may still hold work) to today, so its cost follows the
/// entries due, not the number of connections. Writers never put an entry in the past (a due time already
/// passed is written as "now"), so the watermark never passes an entry before the scan has read it.
/// </summary>
public sealed class ExpiryTableIndex(StorageTables tables) : IExpiryIndex
{
    private const string WatermarkPartition = "watermark";

    public async Task PutAsync(ExpiryEntry entry, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.ExpiryIndex, ct);
        await table.UpsertEntityAsync(new TableEntity(Day(entry.DueAt), Row(entry))
        {
            ["Hub"] = entry.Hub,
            ["ConnectionId"] = entry.ConnectionId,
            ["Alias"] = entry.Alias,
            ["DueAt"] = entry.DueAt,
        }, TableUpdateMode.Replace, ct);
    }

    public async Task RemoveAsync(ExpiryEntry entry, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.ExpiryIndex, ct);
        await table.DeleteEntityAsync(Day(entry.DueAt), Row(entry), ETag.All, ct);
    }

    public async Task<IReadOnlyList<ExpiryEntry>> DueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.ExpiryIndex, ct);
        var watermark = await table.GetEntityIfExistsAsync<TableEntity>(WatermarkPartition, "", cancellationToken: ct);
        var from = watermark.HasValue ? watermark.Value!.GetString("Day") : Day(now.AddDays(-1));
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey le {Day(now)} and DueAt le {now}");
        var due = new List<ExpiryEntry>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            due.Add(new ExpiryEntry(e.GetString("Hub"), e.GetString("ConnectionId"), e.GetString("Alias"), e.GetDateTimeOffset("DueAt")!.Value));
        }
        return due;
    }

    public async Task AdvanceAsync(DateTimeOffset day, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.ExpiryIndex, ct);
        await table.UpsertEntityAsync(new TableEntity(WatermarkPartition, "") { ["Day"] = Day(day) }, TableUpdateMode.Replace, ct);
    }

    private static string Day(DateTimeOffset time) => "d" + time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string Row(ExpiryEntry entry) => $"{entry.Hub}|{entry.ConnectionId}";
}
