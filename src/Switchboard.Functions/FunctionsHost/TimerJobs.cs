using Switchboard.Workflows;

namespace Switchboard.Functions.FunctionsHost;

/// <summary>What each timer job does, whoever fires it (the Functions host or the standalone scheduler).</summary>
public sealed class TimerJobs(WorkflowEngine engine, ILogger<TimerJobs> logger)
{
    public async Task RunAsync(string job, CancellationToken ct)
    {
        switch (job)
        {
            case "WorkflowSweep":
                var swept = await engine.SweepAsync(ct);
                if (swept.Requeued + swept.Purged > 0)
                {
                    logger.LogInformation("Workflow sweep re-enqueued {Requeued} and purged {Purged} instances", swept.Requeued, swept.Purged);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(job), job, "Unknown timer job.");
        }
    }
}
