namespace Switchboard.Workflows;

/// <summary>
/// A named, ordered list of idempotent steps. Build one with <see cref="WorkflowDefinition{TState}"/>; this base
/// is what the registry and the engine hold, whatever the state type.
/// </summary>
public abstract class WorkflowDefinition
{
    // Only WorkflowDefinition<TState> derives from this: the engine relies on its internal members.
    private protected WorkflowDefinition(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    public string Name { get; }

    public abstract Type StateType { get; }

    public abstract IReadOnlyList<string> StepNames { get; }

    internal int StepCount => StepNames.Count;

    internal abstract bool HasCompensation(int index);

    internal abstract RetryPolicy? RetryPolicyOf(int index);

    internal abstract string SerializeState(object? state);

    internal abstract Task<StepOutcome> RunAsync(StepInvocation invocation);

    internal abstract Task CompensateAsync(StepInvocation invocation);
}

/// <summary>One run of one step (or compensation), as the engine hands it to a definition.</summary>
internal sealed record StepInvocation(
    string InstanceId, string Resource, int StepIndex, int Attempt, string? StateJson, DateTimeOffset Now,
    CancellationToken CancellationToken);

/// <summary>A step's result with the state and output already serialized, so the engine needs no type.</summary>
internal sealed record StepOutcome(
    StepResultKind Kind, string? StateJson = null, DateTimeOffset At = default, string? Code = null,
    string? Message = null, string? OutputJson = null)
{
    public static readonly StepOutcome Succeeded = new(StepResultKind.Next);

    public static StepOutcome Retry(string reason) => new(StepResultKind.Retry, Message: reason);

    public static StepOutcome Fail(string code, string message) => new(StepResultKind.Fail, Code: code, Message: message);
}
