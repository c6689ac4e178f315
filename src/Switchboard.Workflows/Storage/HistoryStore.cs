using Azure.Data.Tables;

namespace Switchboard.Workflows.Storage;

/// <summary>
/// History events: made into rows here, written by <see cref="InstanceStore"/> in the transaction that commits
/// their instance row, read back by a range query on the instance's partition.
/// </summary>
internal sealed class HistoryStore(WorkflowStorage storage)
{
    private const int MaxText = 4000;

    /// <summary>The rows of <paramref name="events"/>, numbered from <paramref name="firstSequence"/> (reserved by the commit).</summary>
    public static List<HistoryEntity> ToEntities(InstanceEntity row, long firstSequence, IReadOnlyList<HistoryRecord> events) =>
        [.. events.Select((e, i) => ToEntity(row.PartitionKey, row.ExecutionId, firstSequence + i, e))];

    public async Task<IReadOnlyList<WorkflowHistoryEvent>> ReadAsync(string instanceId, string executionId, CancellationToken ct)
    {
        var table = await storage.InstancesAsync(ct);
        var events = new List<WorkflowHistoryEvent>();
        await foreach (var row in table.QueryAsync<HistoryEntity>(RangeFilter(instanceId, executionId), cancellationToken: ct))
        {
            events.Add(ToEvent(row));
        }
        return events;
    }

    /// <summary>The row keys of an execution's history, for deleting it.</summary>
    public async Task<List<string>> RowKeysAsync(string instanceId, string executionId, CancellationToken ct)
    {
        var table = await storage.InstancesAsync(ct);
        var keys = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(RangeFilter(instanceId, executionId), select: ["RowKey"], cancellationToken: ct))
        {
            keys.Add(row.RowKey);
        }
        return keys;
    }

    private static string RangeFilter(string instanceId, string executionId)
    {
        var (from, to) = HistoryEntity.RangeOf(executionId);
        return TableClient.CreateQueryFilter($"PartitionKey eq {instanceId} and RowKey ge {from} and RowKey lt {to}");
    }

    private static HistoryEntity ToEntity(string instanceId, string executionId, long sequence, HistoryRecord e) => new()
    {
        PartitionKey = instanceId,
        RowKey = HistoryEntity.RowKeyOf(executionId, sequence),
        Sequence = sequence,
        EventType = e.Type.ToString(),
        At = e.At,
        StepName = e.StepName,
        StepIndex = e.StepIndex,
        Attempt = e.Attempt,
        ErrorCode = e.ErrorCode,
        ErrorMessage = Truncate(e.ErrorMessage),
        WakeAt = e.WakeAt,
        Detail = Truncate(e.Detail),
    };

    private static WorkflowHistoryEvent ToEvent(HistoryEntity row) => new(
        row.Sequence,
        Enum.TryParse<WorkflowHistoryEventType>(row.EventType, out var type) ? type : WorkflowHistoryEventType.Started,
        row.At, row.StepName, row.StepIndex, row.Attempt,
        row.ErrorCode is null ? null : new WorkflowError(row.ErrorCode, row.ErrorMessage ?? ""),
        row.WakeAt, row.Detail);

    // A property holds at most 64 KiB; an exception's message has no such bound.
    internal static string? Truncate(string? text) => text is { Length: > MaxText } ? text[..MaxText] + "…" : text;
}
