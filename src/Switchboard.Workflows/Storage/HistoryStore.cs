using Azure.Data.Tables;

namespace Switchboard.Workflows.Storage;

/// <summary>History rows of an execution: appended after the commit that reserved their sequence numbers.</summary>
internal sealed class HistoryStore(WorkflowStorage storage)
{
    private const int BatchLimit = 100;
    private const int MaxText = 4000;

    /// <summary>Upserts, so writing the same events again (a retried call) changes nothing.</summary>
    public async Task AppendAsync(string instanceId, string executionId, long firstSequence,
        IReadOnlyList<HistoryRecord> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return;
        }
        var table = await storage.HistoryAsync(ct);
        var actions = events.Select((e, i) => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
            ToEntity(instanceId, executionId, firstSequence + i, e)));
        foreach (var batch in actions.Chunk(BatchLimit))
        {
            await table.SubmitTransactionAsync(batch, ct);
        }
    }

    public async Task<IReadOnlyList<WorkflowHistoryEvent>> ReadAsync(string instanceId, string executionId, CancellationToken ct)
    {
        var table = await storage.HistoryAsync(ct);
        var (from, to) = HistoryEntity.RangeOf(executionId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {instanceId} and RowKey ge {from} and RowKey lt {to}");
        var events = new List<WorkflowHistoryEvent>();
        await foreach (var row in table.QueryAsync<HistoryEntity>(filter, cancellationToken: ct))
        {
            events.Add(ToEvent(row));
        }
        return events;
    }

    public async Task DeleteAsync(string instanceId, string executionId, CancellationToken ct)
    {
        var table = await storage.HistoryAsync(ct);
        var (from, to) = HistoryEntity.RangeOf(executionId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {instanceId} and RowKey ge {from} and RowKey lt {to}");
        var keys = new List<TableTransactionAction>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: ct))
        {
            keys.Add(new TableTransactionAction(TableTransactionActionType.Delete, row));
        }
        foreach (var batch in keys.Chunk(BatchLimit))
        {
            await table.SubmitTransactionAsync(batch, ct);
        }
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
