namespace Switchboard.Functions.FunctionsHost;

/// <summary>
/// The timer jobs and their six-field NCRONTAB schedules (UTC). The Functions host reads the same schedules from
/// each timer function's function.json; a test keeps the two in step.
/// </summary>
public static class Schedules
{
    public const string WorkflowSweep = "0 */1 * * * *";

    /// <summary>Job name (also the function's name) and schedule.</summary>
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["WorkflowSweep"] = WorkflowSweep,
    };
}
