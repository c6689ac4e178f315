using Microsoft.DurableTask;
using Switchboard.Core.Operations;

namespace Switchboard.Workflows.Rotation;

/// <summary>Starts the retirement of the previous version as an operation of its own, so the rotation can finish now.</summary>
public sealed class ScheduleRetirement(IOperations operations) : TaskActivity<RetirementRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RetirementRequest input)
    {
        try
        {
            await operations.StartAsync(RetirementOrchestrator.Name,
                RetirementOrchestrator.InstanceIdFor(input.Target.ConnectionId, input.Version), input, CancellationToken.None);
        }
        catch (OperationAlreadyRunningException)
        {
            // This activity ran before (at least once): the retirement is already waiting.
        }
        return true;
    }
}
