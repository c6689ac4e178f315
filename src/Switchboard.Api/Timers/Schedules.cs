namespace Switchboard.Api.Timers;

/// <summary>
/// The timer jobs and their default six-field NCRONTAB schedules (UTC), changed by <c>Switchboard:Schedules:{job}</c>.
/// The Server reads that setting; the Functions app's timer triggers name it (<c>%Switchboard:Schedules:{job}%</c>),
/// so the deployment sets all three (infra/ does, with these defaults).
/// </summary>
public static class Schedules
{
    /// <summary>Hourly: finished operations past their retention are forgotten.</summary>
    public const string OperationsPurge = "0 30 * * * *";

    /// <summary>Hourly.</summary>
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

    /// <summary>The schedule the Server runs a job on: configured, or the default.</summary>
    public static string Of(string job, IConfiguration configuration) =>
        configuration[$"Switchboard:Schedules:{job}"] is { Length: > 0 } configured ? configured : All[job];
}
