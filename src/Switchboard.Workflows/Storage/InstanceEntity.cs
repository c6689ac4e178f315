using Azure;
using Azure.Data.Tables;

namespace Switchboard.Workflows.Storage;

/// <summary>
/// One workflow instance: one row, partition = instance id. Every change is a Replace conditioned on the ETag
/// read, so of two workers only one commits; a claim sets the lease, and the commit clears it.
/// </summary>
internal sealed class InstanceEntity : ITableEntity
{
    public const string InstanceRowKey = "instance";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = InstanceRowKey;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Name { get; set; } = "";
    /// <summary>New on every start, so a replaced instance's history (keyed by it) never mixes with the new one's.</summary>
    public string ExecutionId { get; set; } = "";
    public string Status { get; set; } = InstanceStatus.Pending;
    public string Resource { get; set; } = "";
    public int StepIndex { get; set; }
    public string StepName { get; set; } = "";
    public int StepCount { get; set; }
    public int Attempt { get; set; }
    public string? Input { get; set; }
    public string? State { get; set; }
    public string? Output { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>When the current step is due; null once finished. The sweeper looks for live rows long past it.</summary>
    public DateTimeOffset? NextWakeAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    /// <summary>The token of the one wake-up that may act; any other message for this instance is stale.</summary>
    public string? WakeToken { get; set; }
    /// <summary>Indexes of completed steps, comma-separated, in order: what a failure compensates, last first.</summary>
    public string CompletedSteps { get; set; } = "";
    /// <summary>History events written so far; each commit reserves the next sequence numbers for its own.</summary>
    public int HistoryCount { get; set; }

    public bool IsLeasedAt(DateTimeOffset now) => LeaseOwner is not null && LeaseUntil > now;
}

/// <summary>The stored statuses. Compensating is internal; callers see it as Running.</summary>
internal static class InstanceStatus
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Compensating = "Compensating";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string Terminated = "Terminated";

    public static bool IsFinished(string status) => status is Completed or Failed or Terminated;

    public static WorkflowRuntimeStatus ToRuntime(string status) => status switch
    {
        Pending => WorkflowRuntimeStatus.Pending,
        Completed => WorkflowRuntimeStatus.Completed,
        Failed => WorkflowRuntimeStatus.Failed,
        Terminated => WorkflowRuntimeStatus.Terminated,
        _ => WorkflowRuntimeStatus.Running,
    };

    public static IEnumerable<string> Of(WorkflowRuntimeStatus status) => status switch
    {
        WorkflowRuntimeStatus.Running => [Running, Compensating],
        _ => [status.ToString()],
    };
}
