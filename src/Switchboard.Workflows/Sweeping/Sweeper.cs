using Azure.Data.Tables;
using Switchboard.Workflows.Engine;
using Switchboard.Workflows.Storage;
using Switchboard.Workflows.Telemetry;

namespace Switchboard.Workflows.Sweeping;

/// <summary>
/// Repairs what a crash can leave behind, and forgets old instances. A live instance long past its wake time
/// with no live lease has lost its wake-up (a crash between commit and enqueue, a poison message) or its worker
/// (an expired lease): it gets a new token and message, which also makes any old message for it stale.
/// </summary>
internal sealed class Sweeper(EngineContext engine, InstanceWriter writer, Lifecycle lifecycle)
{
    public async Task<SweepResult> SweepAsync(CancellationToken ct)
    {
        var now = engine.Now;
        var dueBefore = now - engine.Options.SweepGrace;
        var overdue = TableClient.CreateQueryFilter(
            $"(Status eq {InstanceStatus.Pending} or Status eq {InstanceStatus.Running} or Status eq {InstanceStatus.Compensating}) and NextWakeAt lt {dueBefore}");
        var requeued = 0;
        foreach (var row in await ListAsync(overdue, ct))
        {
            if (!row.IsLeasedAt(now) && await writer.TryCommitAsync(row, [], wake: true, ct))
            {
                engine.Logger.Requeued(row.PartitionKey);
                requeued++;
            }
        }

        var finishedBefore = now - engine.Options.Retention;
        var expired = TableClient.CreateQueryFilter(
            $"(Status eq {InstanceStatus.Completed} or Status eq {InstanceStatus.Failed} or Status eq {InstanceStatus.Terminated}) and UpdatedAt lt {finishedBefore}");
        var purged = 0;
        foreach (var row in await ListAsync(expired, ct))
        {
            // A row that changed since the query (restarted under the same id) is no longer ours to purge.
            if (await lifecycle.TryPurgeAsync(row, ct))
            {
                purged++;
            }
        }
        return new SweepResult(requeued, purged);
    }

    private async Task<List<InstanceEntity>> ListAsync(string filter, CancellationToken ct)
    {
        var rows = new List<InstanceEntity>();
        await foreach (var row in engine.Instances.QueryAsync(filter, ct))
        {
            rows.Add(row);
        }
        return rows;
    }
}
