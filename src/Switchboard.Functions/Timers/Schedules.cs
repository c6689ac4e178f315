namespace Switchboard.Functions.Timers;

/// <summary>
/// The timer jobs and their six-field NCRONTAB schedules (UTC). The Functions host reads the same schedules from
/// each timer function's attribute; a test keeps the two in step.
/// </summary>
public static class Schedules
{
    /// <summary>Hourly: finished operations past their retention are forgotten.</summary>
    public const string OperationsPurge = "0 30 * * * *";

    /// <summary>Hourly by default; standalone, <c>Switchboard:ExpiryScan:Schedule</c> changes it.</summary>
    public const string ExpiryScan = "0 0 * * * *";

    /// <summary>Daily: a connected vault that was deleted or lost Switchboard's role is reported.</summary>
    public const string KeyVaultCheck = "0 0 3 * * *";

    /// <summary>Job name (also the function's name) and its default schedule.</summary>
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["OperationsPurge"] = OperationsPurge,
        ["ExpiryScan"] = ExpiryScan,
        ["KeyVaultCheck"] = KeyVaultCheck,
    };

    /// <summary>The schedule a standalone host runs a job on: configured, or the default.</summary>
    public static string Of(string job, IConfiguration configuration) =>
        configuration[$"Switchboard:{job}:Schedule"] is { Length: > 0 } configured ? configured : All[job];
}
