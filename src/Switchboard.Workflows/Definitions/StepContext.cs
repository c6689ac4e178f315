namespace Switchboard.Workflows;

/// <summary>What a step (or a compensation) gets to work with, and shortcuts for its result.</summary>
public sealed class StepContext<TState>
{
    internal StepContext(string instanceId, string workflowName, string resource, string stepName, int stepIndex,
        int attempt, TState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        InstanceId = instanceId;
        WorkflowName = workflowName;
        Resource = resource;
        StepName = stepName;
        StepIndex = stepIndex;
        Attempt = attempt;
        State = state;
        Now = now;
        CancellationToken = cancellationToken;
    }

    public string InstanceId { get; }
    public string WorkflowName { get; }

    /// <summary>What the workflow acts on, e.g. <c>hubs/h1/connections/openai</c>.</summary>
    public string Resource { get; }

    public string StepName { get; }
    public int StepIndex { get; }

    /// <summary>1 on a step's first run; counts retries. A step may run again after a crash with the same attempt.</summary>
    public int Attempt { get; }

    /// <summary>The last committed state. Stored as JSON in Table Storage: never put a credential in it.</summary>
    public TState State { get; }

    /// <summary>The engine's clock (its <see cref="TimeProvider"/>), for timers.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Cancelled when the host stops or the step outlives its lease (another worker may then take over).</summary>
    public CancellationToken CancellationToken { get; }

    public StepResult<TState> Next() => StepResult<TState>.Next();
    public StepResult<TState> Next(TState state) => StepResult<TState>.Next(state);
    public StepResult<TState> WaitUntil(DateTimeOffset at) => StepResult<TState>.WaitUntil(at);
    public StepResult<TState> WaitUntil(DateTimeOffset at, TState state) => StepResult<TState>.WaitUntil(at, state);
    public StepResult<TState> RunAgainAt(DateTimeOffset at) => StepResult<TState>.RunAgainAt(at);
    public StepResult<TState> RunAgainAt(DateTimeOffset at, TState state) => StepResult<TState>.RunAgainAt(at, state);
    public StepResult<TState> Retry(string reason) => StepResult<TState>.Retry(reason);
    public StepResult<TState> Fail(string code, string message) => StepResult<TState>.Fail(code, message);
    public StepResult<TState> Complete(object? output = null) => StepResult<TState>.Complete(output);
}
