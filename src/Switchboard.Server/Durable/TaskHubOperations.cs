using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using Switchboard.Core.Operations;

namespace Switchboard.Server.Durable;

/// <summary>The operations port over the standalone host's <see cref="TaskHubClient"/>.</summary>
public sealed class TaskHubOperations(TaskHubClient client, AzureStorageOrchestrationService service, TaskHubReadiness readiness) : IOperations
{
    private static readonly OrchestrationStatus[] LiveStatuses = [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.ContinuedAsNew];

    public async Task StartAsync(string name, string instanceId, IOperationInput input, CancellationToken ct)
    {
        await readiness.WhenReadyAsync(ct);
        try
        {
            await client.CreateOrchestrationInstanceAsync(name, "", instanceId, input, null, LiveStatuses);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            throw new OperationAlreadyRunningException(instanceId);
        }
    }

    public async Task<OperationState?> GetAsync(string instanceId, CancellationToken ct)
    {
        await readiness.WhenReadyAsync(ct);
        return await client.GetOrchestrationStateAsync(instanceId) is { } state ? OperationStates.From(state) : null;
    }

    public async Task<TerminateOutcome> TerminateAsync(string instanceId, string reason, CancellationToken ct)
    {
        await readiness.WhenReadyAsync(ct);
        var state = await client.GetOrchestrationStateAsync(instanceId);
        if (state is null)
        {
            return TerminateOutcome.NotFound;
        }
        if (!LiveStatuses.Contains(state.OrchestrationStatus))
        {
            return TerminateOutcome.AlreadyFinished;
        }
        await client.TerminateInstanceAsync(state.OrchestrationInstance, reason);
        // Terminating is a message to the instance: wait a little for it, so the answer shows the instance ended.
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until && (await client.GetOrchestrationStateAsync(instanceId))?.OrchestrationStatus is { } status && LiveStatuses.Contains(status))
        {
            await Task.Delay(100, ct);
        }
        return TerminateOutcome.Terminated;
    }

    public async Task<bool> PurgeAsync(string instanceId, CancellationToken ct)
    {
        await readiness.WhenReadyAsync(ct);
        var state = await client.GetOrchestrationStateAsync(instanceId);
        if (state is null)
        {
            return false;
        }
        if (LiveStatuses.Contains(state.OrchestrationStatus))
        {
            throw new OperationAlreadyRunningException(instanceId);
        }
        await service.PurgeInstanceHistoryAsync(instanceId);
        return true;
    }

    public async Task<int> PurgeFinishedAsync(DateTimeOffset before, CancellationToken ct)
    {
        await readiness.WhenReadyAsync(ct);
        var purged = await service.PurgeInstanceHistoryAsync(DateTime.MinValue, before.UtcDateTime,
            [OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated, OrchestrationStatus.Canceled]);
        return purged.InstancesDeleted;
    }
}
