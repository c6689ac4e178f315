namespace Switchboard.Workflows;

/// <summary>
/// What a step asks the engine to do next. Build one with these factories or the shortcuts on
/// <see cref="StepContext{TState}"/> (<c>ctx.Next(state)</c>). A state given here replaces the workflow's state
/// only if this worker's commit wins; a step that runs again sees the last committed state.
/// </summary>
public sealed class StepResult<TState>
{
    private StepResult(StepResultKind kind) => Kind = kind;

    internal StepResultKind Kind { get; }
    internal bool HasState { get; private init; }
    internal TState? State { get; private init; }
    internal DateTimeOffset At { get; private init; }
    internal string? Code { get; private init; }
    internal string? Message { get; private init; }
    internal object? Output { get; private init; }

    /// <summary>Go on to the next step (completing the workflow after the last one).</summary>
    public static StepResult<TState> Next() => new(StepResultKind.Next);

    public static StepResult<TState> Next(TState state) => new(StepResultKind.Next) { HasState = true, State = state };

    /// <summary>A durable timer: this step is done, and the next one runs at <paramref name="at"/> (any distance ahead).</summary>
    public static StepResult<TState> WaitUntil(DateTimeOffset at) => new(StepResultKind.WaitUntil) { At = at };

    public static StepResult<TState> WaitUntil(DateTimeOffset at, TState state) =>
        new(StepResultKind.WaitUntil) { At = at, HasState = true, State = state };

    /// <summary>Polling: run this same step again at <paramref name="at"/>; not counted as a failed attempt.</summary>
    public static StepResult<TState> RunAgainAt(DateTimeOffset at) => new(StepResultKind.RunAgainAt) { At = at };

    public static StepResult<TState> RunAgainAt(DateTimeOffset at, TState state) =>
        new(StepResultKind.RunAgainAt) { At = at, HasState = true, State = state };

    /// <summary>A transient failure: run this step again after a backoff, up to its retry policy's attempts.</summary>
    public static StepResult<TState> Retry(string reason) => new(StepResultKind.Retry) { Message = reason };

    /// <summary>A permanent failure: compensate the completed steps in reverse, then end as Failed with this error.</summary>
    public static StepResult<TState> Fail(string code, string message) =>
        new(StepResultKind.Fail) { Code = code, Message = message };

    /// <summary>End the workflow now as Completed; <paramref name="output"/> is stored as JSON.</summary>
    public static StepResult<TState> Complete(object? output = null) => new(StepResultKind.Complete) { Output = output };
}

internal enum StepResultKind
{
    Next,
    WaitUntil,
    RunAgainAt,
    Retry,
    Fail,
    Complete,
}
