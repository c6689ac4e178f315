using Microsoft.DurableTask;
using Switchboard.Workflows.Progress;

namespace Switchboard.Workflows.Rotation;

/// <summary>
/// Waits out a rotation's grace period on a durable timer, then disables the previous version. It retires that
/// one version only, so a newer rotation in the meantime (which retires it at once) leaves it nothing to do.
/// </summary>
public sealed class RetirementOrchestrator : TaskOrchestrator<RetirementRequest, bool>
{
    public const string Name = "PreviousVersionRetirement";
    public const string Wait = "Wait for the grace period";
    public const string Retire = "Retire previous version";

    public static string InstanceIdFor(string connectionId, string version) => $"retire-{connectionId}-{version}";

    public override async Task<bool> RunAsync(TaskOrchestrationContext context, RetirementRequest input)
    {
        var steps = new OperationSteps(context, Wait, Retire);
        steps.Begin(Wait);
        if (input.NotBefore > context.CurrentUtcDateTime)
        {
            steps.Note("TimerSet", wakeAt: new DateTimeOffset(input.NotBefore, TimeSpan.Zero));
            await context.CreateTimer(input.NotBefore, CancellationToken.None);
        }
        steps.Begin(Retire);
        try
        {
            await context.CallActivityAsync(nameof(RetirePreviousVersion), input, Retries.Transient);
        }
        catch (TaskFailedException e)
        {
            throw steps.Fail(e);
        }
        steps.Finish();
        return true;
    }
}
