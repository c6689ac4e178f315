namespace Switchboard.Core.Operations;

/// <summary>
/// What an orchestration reports as its custom status before each step: where it is, the steps so far, and the
/// error it failed with. Ids and version ids only, never a credential.
/// </summary>
public sealed record OperationProgress(string? Step, int StepIndex, int StepCount, IReadOnlyList<OperationEvent> History, OperationError? Error = null)
{
    public static readonly OperationProgress None = new(null, 0, 0, []);
}

/// <summary>One event of an operation's history, numbered from 1.</summary>
public sealed record OperationEvent(int Sequence, string Type, DateTimeOffset Timestamp, string? Step, int? Attempt = null,
    DateTimeOffset? WakeAt = null, string? Detail = null, OperationError? Error = null);
