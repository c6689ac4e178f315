using DurableTask.Core;
using Switchboard.Workflows.Progress;

namespace Switchboard.Server.Durable;

/// <summary>Reads an instance of the standalone host's task hub as an operation.</summary>
public static class OperationStates
{
    public static Core.Operations.OperationState From(OrchestrationState state) => OperationStateReader.Read(
        state.OrchestrationInstance.InstanceId, state.Name, state.OrchestrationStatus switch
        {
            OrchestrationStatus.Pending => Core.Operations.OperationStatus.Pending,
            OrchestrationStatus.Running or OrchestrationStatus.ContinuedAsNew or OrchestrationStatus.Suspended => Core.Operations.OperationStatus.Running,
            OrchestrationStatus.Completed => Core.Operations.OperationStatus.Completed,
            OrchestrationStatus.Failed => Core.Operations.OperationStatus.Failed,
            _ => Core.Operations.OperationStatus.Terminated,
        },
        Utc(state.CreatedTime), Utc(state.LastUpdatedTime), state.Input, state.Output, state.Status, state.FailureDetails?.ErrorMessage);

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
