using Switchboard.Workflows.Storage;
using Switchboard.Workflows.Telemetry;

namespace Switchboard.Workflows.Engine;

/// <summary>Start, terminate and purge: the changes made from outside a workflow, each conditioned on the ETag read.</summary>
internal sealed class Lifecycle(EngineContext engine, InstanceWriter writer)
{
    // Races for one instance id are rare; a few re-reads settle them.
    private const int Rounds = 5;

    public async Task<string> StartAsync(string workflowName, string resource, object? initialState, string? instanceId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var definition = engine.Registry.Find(workflowName) ?? throw new UnknownWorkflowException(workflowName);
        var id = instanceId ?? Guid.NewGuid().ToString("N");
        if (!Limits.IsValidInstanceId(id))
        {
            throw new ArgumentException("An instance id has 1 to 200 characters, none of them / \\ # ? | \" or a control character.", nameof(instanceId));
        }
        var state = definition.SerializeState(initialState);
        if (state.Length > Limits.MaxJsonChars)
        {
            throw new ArgumentException($"The initial state is over {Limits.MaxJsonChars} characters of JSON.", nameof(initialState));
        }
        // Most ids are new: try the insert first, and read the row only when one is in the way.
        InstanceEntity? existing = null;
        for (var round = 0; round < Rounds; round++)
        {
            var row = NewRow(id, definition, resource, state);
            HistoryRecord[] started = [new(WorkflowHistoryEventType.Started, row.CreatedAt, Detail: resource)];
            if (existing is null ? await writer.TryInsertAsync(row, started, ct) : await ReplaceAsync(existing, row, started, ct))
            {
                engine.Logger.Started(workflowName, id, resource);
                return id;
            }
            existing = await engine.Instances.GetAsync(id, ct);
            if (existing is not null && !InstanceStatus.IsFinished(existing.Status))
            {
                throw new WorkflowAlreadyRunningException(id, existing.Name);
            }
        }
        throw new InvalidOperationException($"Workflow instance '{id}' keeps changing; try again.");
    }

    public async Task<TerminateOutcome> TerminateAsync(string instanceId, string reason, CancellationToken ct)
    {
        for (var round = 0; round < Rounds; round++)
        {
            var row = Limits.IsValidInstanceId(instanceId) ? await engine.Instances.GetAsync(instanceId, ct) : null;
            if (row is null)
            {
                return TerminateOutcome.NotFound;
            }
            if (InstanceStatus.IsFinished(row.Status))
            {
                return TerminateOutcome.AlreadyFinished;
            }
            // No compensation; a step running now loses its commit to this write.
            row.Status = InstanceStatus.Terminated;
            row.ErrorCode = "Terminated";
            row.ErrorMessage = HistoryStore.Truncate(reason);
            row.NextWakeAt = null;
            row.LeaseOwner = null;
            row.LeaseUntil = null;
            HistoryRecord[] terminated = [new(WorkflowHistoryEventType.Terminated, engine.Now, row.StepName, row.StepIndex, Detail: reason)];
            if (await writer.TryCommitAsync(row, terminated, wake: false, ct))
            {
                engine.Logger.Terminated(instanceId);
                return TerminateOutcome.Terminated;
            }
        }
        throw new InvalidOperationException($"Workflow instance '{instanceId}' keeps changing; try again.");
    }

    public async Task<bool> PurgeAsync(string instanceId, CancellationToken ct)
    {
        for (var round = 0; round < Rounds; round++)
        {
            var row = Limits.IsValidInstanceId(instanceId) ? await engine.Instances.GetAsync(instanceId, ct) : null;
            if (row is null)
            {
                return false;
            }
            if (!InstanceStatus.IsFinished(row.Status))
            {
                throw new WorkflowNotFinishedException(instanceId);
            }
            if (await TryPurgeAsync(row, ct))
            {
                return true;
            }
        }
        throw new InvalidOperationException($"Workflow instance '{instanceId}' keeps changing; try again.");
    }

    /// <summary>The row and its history go in one transaction (a finished row's history no longer grows).</summary>
    public async Task<bool> TryPurgeAsync(InstanceEntity row, CancellationToken ct)
    {
        var history = await engine.History.RowKeysAsync(row.PartitionKey, row.ExecutionId, ct);
        if (!await engine.Instances.TryDeleteAsync(row, history, ct))
        {
            return false;
        }
        engine.Logger.Purged(row.PartitionKey);
        return true;
    }

    private async Task<bool> ReplaceAsync(InstanceEntity existing, InstanceEntity row, HistoryRecord[] started, CancellationToken ct)
    {
        row.ETag = existing.ETag;
        if (!await writer.TryCommitAsync(row, started, wake: true, ct))
        {
            return false;
        }
        try
        {
            var history = await engine.History.RowKeysAsync(existing.PartitionKey, existing.ExecutionId, ct);
            await engine.Instances.DeleteHistoryAsync(existing.PartitionKey, history, ct);
        }
        catch (Exception e)
        {
            // The old execution's rows are keyed by its own id: left over, they never show in the new one's history.
            engine.Logger.OldHistoryDeleteFailed(e, existing.PartitionKey);
        }
        return true;
    }

    private InstanceEntity NewRow(string id, WorkflowDefinition definition, string resource, string state)
    {
        var now = engine.Now;
        return new InstanceEntity
        {
            PartitionKey = id,
            Name = definition.Name,
            ExecutionId = Guid.NewGuid().ToString("N"),
            Status = InstanceStatus.Pending,
            Resource = resource,
            StepIndex = 0,
            StepName = definition.StepNames[0],
            StepCount = definition.StepCount,
            Attempt = 1,
            Input = state,
            State = state,
            CreatedAt = now,
            UpdatedAt = now,
            NextWakeAt = now,
        };
    }
}
