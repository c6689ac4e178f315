using System.Text.Json;

namespace Switchboard.Workflows;

/// <summary>Where an instance is, for a status API. <see cref="StepIndex"/> counts from 0.</summary>
public sealed record WorkflowStatus(
    string InstanceId,
    string Name,
    WorkflowRuntimeStatus RuntimeStatus,
    string Resource,
    string StepName,
    int StepIndex,
    int StepCount,
    int Attempt,
    JsonElement? Input,
    JsonElement? Output,
    WorkflowError? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? NextWakeAt,
    IReadOnlyList<WorkflowHistoryEvent>? History);

/// <summary>Compensation in progress reports as <see cref="Running"/>.</summary>
public enum WorkflowRuntimeStatus
{
    Pending,
    Running,
    Completed,
    Failed,
    Terminated,
}

public sealed record WorkflowError(string Code, string Message);

/// <summary>One event of an instance's history, in order of <see cref="Sequence"/>.</summary>
public sealed record WorkflowHistoryEvent(
    long Sequence,
    WorkflowHistoryEventType EventType,
    DateTimeOffset Timestamp,
    string? StepName,
    int? StepIndex,
    int? Attempt,
    WorkflowError? Error,
    DateTimeOffset? WakeAt,
    string? Detail);

public enum WorkflowHistoryEventType
{
    Started,
    StepStarted,
    StepCompleted,
    StepFailed,
    TimerSet,
    RetryScheduled,
    CompensationStarted,
    CompensationStepStarted,
    CompensationStepRun,
    CompensationStepFailed,
    Terminated,
    Finished,
}

/// <summary>What <see cref="WorkflowEngine.TerminateAsync"/> found.</summary>
public enum TerminateOutcome
{
    Terminated,
    NotFound,
    AlreadyFinished,
}

/// <summary>What one sweep did.</summary>
public sealed record SweepResult(int Requeued, int Purged);
