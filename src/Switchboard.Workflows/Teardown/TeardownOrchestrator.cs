using Microsoft.DurableTask;
using Switchboard.Workflows.Progress;

namespace Switchboard.Workflows.Teardown;

/// <summary>
/// Removes a hub or one project in the order the Key Vault rules need. Parts that work in batches repeat until
/// nothing is left, each batch an activity of its own, so an interrupted teardown resumes where it stood.
/// </summary>
public abstract class TeardownOrchestrator(params (string Step, TeardownPart Part)[] plan) : TaskOrchestrator<TeardownRequest, bool>
{
    public static string InstanceIdFor(string hub, string? project) =>
        project is null ? "teardown-" + hub : $"teardown-{hub}-{project}";

    public override async Task<bool> RunAsync(TaskOrchestrationContext context, TeardownRequest input)
    {
        var steps = new OperationSteps(context, [.. plan.Select(p => p.Step)]);
        foreach (var (step, part) in plan)
        {
            steps.Begin(step);
            try
            {
                while (await context.CallActivityAsync<int>(nameof(DeleteTeardownPart), new TeardownPartRequest(input.Target, part), Retries.Transient) > 0
                    && part is TeardownPart.ProjectConnections or TeardownPart.HubConnections or TeardownPart.Projects)
                {
                }
            }
            catch (TaskFailedException e)
            {
                throw steps.Fail(e);
            }
        }
        steps.Finish();
        return true;
    }
}
