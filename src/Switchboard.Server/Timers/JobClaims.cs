using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Switchboard.Storage;

namespace Switchboard.Server.Timers;

/// <summary>
/// Makes each occurrence of a timer job run once across every Server process on the storage account, as the
/// Functions host does for its timer triggers: the process that inserts the occurrence's row in
/// <c>{prefix}TimerRuns</c> runs it, the others skip it. A job's older rows are deleted by the next claim.
/// </summary>
public sealed class JobClaims(TableServiceClient tables, IOptions<StorageOptions> storage)
{
    private readonly TableClient table = tables.GetTableClient(storage.Value.Prefix + "TimerRuns");
    private volatile bool created;

    public async Task<bool> TryClaimAsync(string job, DateTimeOffset occurrence, CancellationToken ct)
    {
        if (!created)
        {
            await table.CreateIfNotExistsAsync(ct);
            created = true;
        }
        var key = occurrence.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            await table.AddEntityAsync(new TableEntity(job, key), ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
        await foreach (var older in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {job} and RowKey lt {key}"),
            select: ["PartitionKey", "RowKey"], cancellationToken: ct))
        {
            await table.DeleteEntityAsync(older, ETag.All, ct);
        }
        return true;
    }
}
