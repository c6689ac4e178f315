namespace Switchboard.Server.Durable;

/// <summary>
/// The standalone host's task hub on Azure Storage (<c>Switchboard:Durable</c>). Its own hub: never share one with
/// a Functions app, the two would compete for its partitions.
/// </summary>
public sealed class DurableTaskOptions
{
    public const string Section = "Switchboard:Durable";

    /// <summary>3-45 letters and digits, starting with a letter. Empty: <c>{storage prefix}SwitchboardServer</c>.</summary>
    public string HubName { get; set; } = "";

    /// <summary>Control queues; the most processes that can run orchestrations at once. Fixed when the hub is created.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>
    /// How long a message a dead process took stays invisible, and how long its partition leases last: together
    /// the longest a killed process's work waits for another one (the engine's defaults are 5 minutes and 30 s).
    /// </summary>
    public TimeSpan MessageVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan LeaseInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest an idle worker waits between two polls of its queues: the latency of new work after a quiet spell.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int MaxConcurrentActivities { get; set; } = 16;

    public int MaxConcurrentOrchestrations { get; set; } = 16;
}
