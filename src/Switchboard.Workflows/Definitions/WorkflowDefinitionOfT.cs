using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.Workflows;

/// <summary>
/// A workflow over a state of type <typeparamref name="TState"/>, built step by step:
/// <code>new WorkflowDefinition&lt;S&gt;("Rotation").Step("create", ctx =&gt; ..., compensate: ctx =&gt; ...)</code>.
/// Every step and compensation must be idempotent: a step can run more than once (after a crash, or when it
/// outlives its lease), though only one run's result is committed. The state is stored as JSON in Table Storage
/// and shown to nobody but the workflow: keep credentials out of it (store a reference, such as a secret name).
/// </summary>
public sealed class WorkflowDefinition<TState> : WorkflowDefinition
{
    private static readonly JsonSerializerOptions DefaultJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly List<StepEntry> steps = [];
    private readonly List<string> names = [];
    private readonly JsonSerializerOptions json;

    public WorkflowDefinition(string name, JsonSerializerOptions? json = null) : base(name) =>
        this.json = json ?? DefaultJson;

    public override Type StateType => typeof(TState);

    public override IReadOnlyList<string> StepNames => names.AsReadOnly();

    /// <summary>Appends a step; <paramref name="compensate"/> undoes it if a later step fails the workflow.</summary>
    public WorkflowDefinition<TState> Step(string name, Func<StepContext<TState>, Task<StepResult<TState>>> run,
        Func<StepContext<TState>, Task>? compensate = null, RetryPolicy? retry = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(run);
        if (names.Contains(name))
        {
            throw new ArgumentException($"Workflow '{Name}' already has a step named '{name}'.", nameof(name));
        }
        if (retry is { MaxAttempts: < 1 })
        {
            throw new ArgumentOutOfRangeException(nameof(retry), "A retry policy allows at least one attempt.");
        }
        steps.Add(new StepEntry(name, run, compensate, retry));
        names.Add(name);
        return this;
    }

    public WorkflowDefinition<TState> Step(string name, Func<StepContext<TState>, StepResult<TState>> run,
        Func<StepContext<TState>, Task>? compensate = null, RetryPolicy? retry = null) =>
        Step(name, ctx => Task.FromResult(run(ctx)), compensate, retry);

    internal override bool HasCompensation(int index) => steps[index].Compensate is not null;

    internal override RetryPolicy? RetryPolicyOf(int index) => steps[index].Retry;

    internal override string SerializeState(object? state) => state is null or TState
        ? JsonSerializer.Serialize((TState?)state, json)
        : throw new ArgumentException($"Workflow '{Name}' takes a state of type {typeof(TState).Name}, not {state.GetType().Name}.");

    internal override async Task<StepOutcome> RunAsync(StepInvocation invocation)
    {
        var result = await steps[invocation.StepIndex].Run(ContextFor(invocation))
            ?? throw new InvalidOperationException($"Step '{steps[invocation.StepIndex].Name}' returned no result.");
        return new StepOutcome(result.Kind,
            StateJson: result.HasState ? Write(result.State) : null,
            At: result.At, Code: result.Code, Message: result.Message,
            OutputJson: result.Kind == StepResultKind.Complete && result.Output is not null ? Write(result.Output) : null);
    }

    internal override Task CompensateAsync(StepInvocation invocation) =>
        steps[invocation.StepIndex].Compensate!(ContextFor(invocation));

    private StepContext<TState> ContextFor(StepInvocation invocation)
    {
        TState state;
        try
        {
            state = invocation.StateJson is null ? default! : JsonSerializer.Deserialize<TState>(invocation.StateJson, json)!;
        }
        catch (JsonException e)
        {
            // Retrying cannot fix a state the code no longer reads.
            throw new PermanentFailureException("StateUnreadable", $"The stored state no longer reads as {typeof(TState).Name}: {e.Message}", e);
        }
        return new StepContext<TState>(invocation.InstanceId, Name, invocation.Resource, steps[invocation.StepIndex].Name,
            invocation.StepIndex, invocation.Attempt, state, invocation.Now, invocation.CancellationToken);
    }

    private string Write(object? value)
    {
        try
        {
            return JsonSerializer.Serialize(value, value?.GetType() ?? typeof(object), json);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new PermanentFailureException("StateUnwritable", $"The step's state or output cannot be written as JSON: {e.Message}", e);
        }
    }

    private sealed record StepEntry(
        string Name,
        Func<StepContext<TState>, Task<StepResult<TState>>> Run,
        Func<StepContext<TState>, Task>? Compensate,
        RetryPolicy? Retry);
}
