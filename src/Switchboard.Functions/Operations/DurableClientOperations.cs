using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Switchboard.Core.Operations;
using Switchboard.Workflows.Progress;

namespace Switchboard.Functions.Operations;

/// <summary>The operations port over the Durable Functions client of the invocation under way.</summary>
public sealed class DurableClientOperations : IOperations
{
    public async Task StartAsync(string name, string instanceId, IOperationInput input, CancellationToken ct)
    {
        var client = DurableClientScope.Current;
        // The host refuses to overwrite a running instance (overridableExistingInstanceStates: NonRunningStates).
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId), ct);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.AlreadyExists or StatusCode.FailedPrecondition)
        {
            throw new OperationAlreadyRunningException(instanceId);
        }
    }

    public async Task<OperationState?> GetAsync(string instanceId, CancellationToken ct) =>
        await DurableClientScope.Current.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct) is { } instance ? StateOf(instance) : null;

    public async Task<TerminateOutcome> TerminateAsync(string instanceId, string reason, CancellationToken ct)
    {
        var client = DurableClientScope.Current;
        var instance = await client.GetInstanceAsync(instanceId, ct);
        if (instance is null)
        {
            return TerminateOutcome.NotFound;
        }
        if (!instance.IsRunning && instance.RuntimeStatus != OrchestrationRuntimeStatus.Pending)
        {
            return TerminateOutcome.AlreadyFinished;
        }
        await client.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions(reason), ct);
        return TerminateOutcome.Terminated;
    }

    public async Task<bool> PurgeAsync(string instanceId, CancellationToken ct)
    {
        var client = DurableClientScope.Current;
        var instance = await client.GetInstanceAsync(instanceId, ct);
        if (instance is null)
        {
            return false;
        }
        if (instance.IsRunning || instance.RuntimeStatus == OrchestrationRuntimeStatus.Pending)
        {
            throw new OperationAlreadyRunningException(instanceId);
        }
        await client.PurgeInstanceAsync(instanceId, cancellation: ct);
        return true;
    }

    public async Task<int> PurgeFinishedAsync(DateTimeOffset before, CancellationToken ct)
    {
        var result = await DurableClientScope.Current.PurgeAllInstancesAsync(new PurgeInstancesFilter(null, before,
            [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated]), cancellation: ct);
        return result.PurgedInstanceCount;
    }

    private static OperationState StateOf(OrchestrationMetadata instance) => OperationStateReader.Read(
        instance.InstanceId, instance.Name, instance.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Pending => OperationStatus.Pending,
            OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended => OperationStatus.Running,
            OrchestrationRuntimeStatus.Completed => OperationStatus.Completed,
            OrchestrationRuntimeStatus.Failed => OperationStatus.Failed,
            _ => OperationStatus.Terminated,
        },
        instance.CreatedAt, instance.LastUpdatedAt, instance.SerializedInput, instance.SerializedOutput, instance.SerializedCustomStatus,
        instance.FailureDetails?.ErrorMessage);
}
