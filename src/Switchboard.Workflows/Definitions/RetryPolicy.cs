namespace Switchboard.Workflows;

/// <summary>
/// How often a step may fail transiently (return Retry or throw) before the workflow fails, and how long to wait
/// between attempts: <c>BaseDelay * 2^(attempt-1)</c>, capped at <c>MaxDelay</c>, plus up to 20% jitter.
/// Unset delays come from <see cref="WorkflowOptions"/>.
/// </summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan? BaseDelay = null, TimeSpan? MaxDelay = null);
