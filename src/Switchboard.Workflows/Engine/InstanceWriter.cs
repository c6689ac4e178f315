using Switchboard.Workflows.Storage;
using Switchboard.Workflows.Telemetry;

namespace Switchboard.Workflows.Engine;

/// <summary>
/// Every change to an instance goes the same way: the row first (conditioned on its ETag; a lost race writes
/// nothing else), then its history, then its wake-up. The row already carries the new wake token, so if this
/// process dies before the enqueue, the sweeper finds the row overdue and issues the wake-up itself.
/// </summary>
internal sealed class InstanceWriter(EngineContext engine)
{
    /// <param name="wake">Issue a new wake-up (new token, message delayed until the row's NextWakeAt).
    /// False keeps the current token: a claim must not make the message being handled stale.</param>
    public async Task<bool> TryCommitAsync(InstanceEntity row, IReadOnlyList<HistoryRecord> events, bool wake, CancellationToken ct)
    {
        var firstSequence = Prepare(row, events, wake);
        if (!await engine.Instances.TryReplaceAsync(row, ct))
        {
            return false;
        }
        await AfterCommitAsync(row, firstSequence, events, wake);
        return true;
    }

    public async Task<bool> TryInsertAsync(InstanceEntity row, IReadOnlyList<HistoryRecord> events, CancellationToken ct)
    {
        var firstSequence = Prepare(row, events, wake: true);
        if (!await engine.Instances.TryAddAsync(row, ct))
        {
            return false;
        }
        await AfterCommitAsync(row, firstSequence, events, wake: true);
        return true;
    }

    private long Prepare(InstanceEntity row, IReadOnlyList<HistoryRecord> events, bool wake)
    {
        var firstSequence = row.HistoryCount + 1L;
        row.HistoryCount += events.Count;
        row.UpdatedAt = engine.Now;
        if (InstanceStatus.IsFinished(row.Status))
        {
            row.WakeToken = null;
        }
        else if (wake)
        {
            row.WakeToken = WakeUp.NewToken();
        }
        return firstSequence;
    }

    // Past the commit, finish the job even if the caller is cancelled: a skipped enqueue costs a sweep's delay.
    private async Task AfterCommitAsync(InstanceEntity row, long firstSequence, IReadOnlyList<HistoryRecord> events, bool wake)
    {
        try
        {
            await engine.History.AppendAsync(row.PartitionKey, row.ExecutionId, firstSequence, events, CancellationToken.None);
        }
        catch (Exception e)
        {
            engine.Logger.HistoryWriteFailed(e, row.PartitionKey);
        }
        if (!wake || row.WakeToken is null)
        {
            return;
        }
        try
        {
            await engine.Queue.SendAsync(new WakeUp(row.PartitionKey, row.WakeToken), DelayUntil(row.NextWakeAt), CancellationToken.None);
        }
        catch (Exception e)
        {
            engine.Logger.EnqueueFailed(e, row.PartitionKey);
        }
    }

    /// <summary>Up to the queue's limit; a longer timer gets there in several hops.</summary>
    private TimeSpan DelayUntil(DateTimeOffset? at)
    {
        var delay = (at ?? engine.Now) - engine.Now;
        return delay <= TimeSpan.Zero ? TimeSpan.Zero : delay < engine.Options.MaxQueueDelay ? delay : engine.Options.MaxQueueDelay;
    }
}
