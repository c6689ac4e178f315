using Switchboard.Workflows.Storage;
using Switchboard.Workflows.Telemetry;

namespace Switchboard.Workflows.Engine;

/// <summary>
/// Every change to an instance goes the same way: the row and the history events it makes, in one transaction
/// conditioned on the row's ETag (a lost race writes nothing), then its wake-up. The row already carries the new
/// wake token, so if this process dies before the enqueue, the sweeper finds the row overdue and issues the wake-up.
/// </summary>
internal sealed class InstanceWriter(EngineContext engine)
{
    /// <param name="wake">Issue a new wake-up (new token, message delayed until the row's NextWakeAt).
    /// False keeps the current token: a claim must not make the message being handled stale.</param>
    public Task<bool> TryCommitAsync(InstanceEntity row, IReadOnlyList<HistoryRecord> events, bool wake, CancellationToken ct) =>
        WriteAsync(row, events, wake, insert: false, ct);

    public Task<bool> TryInsertAsync(InstanceEntity row, IReadOnlyList<HistoryRecord> events, CancellationToken ct) =>
        WriteAsync(row, events, wake: true, insert: true, ct);

    private async Task<bool> WriteAsync(InstanceEntity row, IReadOnlyList<HistoryRecord> events, bool wake, bool insert, CancellationToken ct)
    {
        // The row reserves the events' sequence numbers; they are written in the same transaction.
        var history = HistoryStore.ToEntities(row, row.HistoryCount + 1L, events);
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
        if (!await engine.Instances.TryWriteAsync(row, history, insert, ct))
        {
            return false;
        }
        if (wake && row.WakeToken is not null)
        {
            await EnqueueAsync(row);
        }
        return true;
    }

    // Past the commit, finish the job even if the caller is cancelled: a skipped enqueue costs a sweep's delay.
    private async Task EnqueueAsync(InstanceEntity row)
    {
        try
        {
            var delay = DelayUntil(row.NextWakeAt);
            await engine.Queue.SendAsync(new WakeUp(row.PartitionKey, row.WakeToken!), delay, CancellationToken.None);
            if (delay == TimeSpan.Zero)
            {
                engine.LocalWakeUps.Notify();
            }
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
