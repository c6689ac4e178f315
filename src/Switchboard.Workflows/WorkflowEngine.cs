using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Workflows.Engine;
using Switchboard.Workflows.Storage;
using Switchboard.Workflows.Sweeping;

namespace Switchboard.Workflows;

/// <summary>
/// The durable step engine: start, watch, terminate and purge instances; handle wake-ups; sweep. State lives in
/// the <c>{prefix}WorkflowInstances</c> table (each instance's row and history in a partition of its own), wake-ups
/// in the <c>{prefix}workflow-wakeups</c> queue, both created on first use. Any number of engines (hosts) may share them.
/// </summary>
public sealed class WorkflowEngine
{
    private readonly Lifecycle lifecycle;
    private readonly StatusReader status;
    private readonly Sweeper sweeper;

    /// <param name="queues">Must use <c>QueueMessageEncoding.Base64</c>: the Functions queue trigger reads base64.</param>
    public WorkflowEngine(TableServiceClient tables, QueueServiceClient queues, WorkflowRegistry registry,
        IOptions<WorkflowOptions> options, TimeProvider clock, ILogger<WorkflowEngine> logger)
    {
        var settings = options.Value;
        var errors = settings.Errors().ToList();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(WorkflowOptions), errors);
        }
        var storage = new WorkflowStorage(tables, queues, settings.Prefix);
        Context = new EngineContext(storage, registry, settings, clock, logger);
        var writer = new InstanceWriter(Context);
        Runner = new StepRunner(Context, writer);
        lifecycle = new Lifecycle(Context, writer);
        status = new StatusReader(Context);
        sweeper = new Sweeper(Context, writer, lifecycle);
    }

    /// <summary>The wake-up queue's name, for the queue trigger's <c>function.json</c>.</summary>
    public string QueueName => Context.Storage.QueueName;

    internal EngineContext Context { get; }

    internal StepRunner Runner { get; }

    /// <summary>
    /// Starts an instance and returns its id. Pass a deterministic <paramref name="instanceId"/> (e.g.
    /// <c>rotation-{connectionId}</c>) for work that must not run twice at once: a live instance with that id
    /// refuses the start with <see cref="WorkflowAlreadyRunningException"/>; a finished one is replaced.
    /// </summary>
    /// <exception cref="UnknownWorkflowException">No definition of that name is registered.</exception>
    public Task<string> StartAsync(string workflowName, string resource, object? initialState, string? instanceId = null,
        CancellationToken cancellationToken = default) =>
        lifecycle.StartAsync(workflowName, resource, initialState, instanceId, cancellationToken);

    /// <summary>Null for an unknown id.</summary>
    public Task<WorkflowStatus?> GetStatusAsync(string instanceId, bool includeHistory = false, CancellationToken cancellationToken = default) =>
        status.GetAsync(instanceId, includeHistory, cancellationToken);

    /// <summary>Instances matching every filter given (a scan of the instances table; no history).</summary>
    public IAsyncEnumerable<WorkflowStatus> ListAsync(string? workflowName = null, WorkflowRuntimeStatus? runtimeStatus = null,
        string? resource = null, CancellationToken cancellationToken = default) =>
        status.ListAsync(workflowName, runtimeStatus, resource, cancellationToken);

    /// <summary>Ends a live instance as Terminated at once, without compensation; a step running now is discarded.</summary>
    public Task<TerminateOutcome> TerminateAsync(string instanceId, string reason, CancellationToken cancellationToken = default) =>
        lifecycle.TerminateAsync(instanceId, reason, cancellationToken);

    /// <summary>Deletes a finished instance and its history; false for an unknown id.</summary>
    /// <exception cref="WorkflowNotFinishedException">The instance is still Pending or Running.</exception>
    public Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken = default) =>
        lifecycle.PurgeAsync(instanceId, cancellationToken);

    /// <summary>
    /// Handles one wake-up message received by someone else (the Functions queue trigger <c>WorkflowDispatch</c>),
    /// who deletes it when this returns and retries it when this throws. Returns normally for stale messages.
    /// </summary>
    public async Task ProcessMessageAsync(string messageText, CancellationToken cancellationToken = default)
    {
        var result = await Runner.HandleAsync(messageText, cancellationToken);
        if (result.RetryAfter is { } delay && WakeUp.TryParse(messageText, out var wake))
        {
            // Another worker holds the step. The host deletes this message when we return, so leave a copy that
            // comes back when the lease runs out: stale by then if that worker committed, the way on if it died.
            await Context.Queue.SendAsync(wake, delay, cancellationToken);
        }
    }

    /// <summary>Re-enqueues live instances whose wake-up was lost, and purges finished ones past retention.
    /// Call it every minute or so, from one place (a timer function, or the standalone scheduler).</summary>
    public Task<SweepResult> SweepAsync(CancellationToken cancellationToken = default) => sweeper.SweepAsync(cancellationToken);
}
