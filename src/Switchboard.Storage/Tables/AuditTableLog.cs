using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Switchboard.Core.Ports;

namespace Switchboard.Storage.Tables;

/// <summary>
/// The audit trail: partition = hub, row key = inverted ticks + a random suffix, so a plain query reads newest
/// first and a time range is a row key range.
/// </summary>
public sealed class AuditTableLog(StorageTables tables) : IAuditLog
{
    public async Task WriteAsync(AuditEntry entry, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Audit, ct);
        await table.AddEntityAsync(ToEntity(entry), ct);
    }

    public async Task ReplaceAsync(AuditEntry entry, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Audit, ct);
        await table.UpsertEntityAsync(ToEntity(entry), TableUpdateMode.Replace, ct);
    }

    public async Task RetractAsync(AuditEntry entry, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Audit, ct);
        await table.DeleteEntityAsync(entry.Hub, RowKeyOf(entry), ETag.All, ct);
    }

    private static TableEntity ToEntity(AuditEntry entry) =>
        new(entry.Hub, RowKeyOf(entry))
        {
            ["Time"] = entry.Time,
            ["Actor"] = entry.Actor,
            ["Action"] = entry.Action,
            ["Project"] = entry.Project ?? "",
            ["Alias"] = entry.Alias ?? "",
            ["CorrelationId"] = entry.CorrelationId,
            ["Details"] = entry.Details is null ? null : Json.Write(entry.Details),
        };

    private static string RowKeyOf(AuditEntry entry) => InvertedTicks(entry.Time) + "|" + entry.Id;

    public async Task<ListPage<AuditEntry>> QueryAsync(string hub, AuditQuery query, int top, string? continuationToken, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Audit, ct);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {hub}");
        // Newer times have smaller row keys: "to" is the lower bound of the key range, "from" the upper.
        if (query.To is { } to)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey ge {InvertedTicks(to)}");
        }
        if (query.From is { } from)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey lt {InvertedTicks(from) + "}"}");
        }
        if (query.Alias is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Alias eq {query.Alias}");
        }
        if (query.Action is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Action eq {query.Action}");
        }
        var pageable = table.QueryAsync<TableEntity>(filter, top, cancellationToken: ct);
        return await Paging.FirstPageAsync(pageable, top, continuationToken, e => new AuditEntry(
            e.PartitionKey, e.GetDateTimeOffset("Time") ?? default, e.GetString("Actor"), e.GetString("Action"),
            e.GetString("Project") is { Length: > 0 } p ? p : null, e.GetString("Alias") is { Length: > 0 } a ? a : null,
            e.GetString("CorrelationId"), e.GetString("Details") is { } d ? Json.Read<Dictionary<string, string>>(d, []) : null)
        {
            Id = e.RowKey[(e.RowKey.IndexOf('|') + 1)..],
        });
    }

    private static string InvertedTicks(DateTimeOffset time) =>
        (DateTimeOffset.MaxValue.UtcTicks - time.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
}
