using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Switchboard.Workflows.Telemetry;

/// <summary>The "Switchboard" ActivitySource and Meter the host exports: one activity per step, and counters.</summary>
internal static class WorkflowTelemetry
{
    public const string SourceName = "Switchboard";

    public static readonly ActivitySource Source = new(SourceName);

    private static readonly Meter Meter = new(SourceName);

    /// <summary>Steps and compensations run, by workflow, step and outcome (next, retry, fail, ...).</summary>
    public static readonly Counter<long> Steps = Meter.CreateCounter<long>("switchboard.workflow.steps", description: "Workflow steps run");

    /// <summary>Workflows that ended Failed, by workflow and error code.</summary>
    public static readonly Counter<long> Failures = Meter.CreateCounter<long>("switchboard.workflow.failures", description: "Workflows that failed");

    public static Activity? StartStep(string workflow, string step, int attempt, string instanceId, bool compensating)
    {
        var activity = Source.StartActivity(compensating ? "WorkflowCompensation" : "WorkflowStep");
        activity?.SetTag("workflow.name", workflow);
        activity?.SetTag("workflow.step", step);
        activity?.SetTag("workflow.attempt", attempt);
        activity?.SetTag("workflow.instance_id", instanceId);
        return activity;
    }

    public static void StepEnded(Activity? activity, string workflow, string step, string outcome)
    {
        activity?.SetTag("workflow.outcome", outcome);
        if (outcome is "retry" or "fail")
        {
            activity?.SetStatus(ActivityStatusCode.Error);
        }
        Steps.Add(1, new("workflow.name", workflow), new("workflow.step", step), new("workflow.outcome", outcome));
    }
}
