namespace Switchboard.Core.Operations;

/// <summary>
/// Long-running work as Switchboard sees it: start, read, terminate and purge operations. Each host implements it
/// over its Durable Task client, so no handler ever sees a Durable Task type.
/// </summary>
public interface IOperations
{
    /// <summary>
    /// Starts the orchestration <paramref name="name"/> under <paramref name="instanceId"/>. A live instance with that
    /// id refuses the start with <see cref="OperationAlreadyRunningException"/>; a finished one is replaced.
    /// </summary>
    Task StartAsync(string name, string instanceId, IOperationInput input, CancellationToken ct);

    /// <summary>Null for an unknown id.</summary>
    Task<OperationState?> GetAsync(string instanceId, CancellationToken ct);

    /// <summary>Ends a live instance as Terminated, without compensation.</summary>
    Task<TerminateOutcome> TerminateAsync(string instanceId, string reason, CancellationToken ct);

    /// <summary>Forgets a finished instance and its history; false for an unknown id.</summary>
    /// <exception cref="OperationAlreadyRunningException">The instance is still running.</exception>
    Task<bool> PurgeAsync(string instanceId, CancellationToken ct);

    /// <summary>Forgets every instance that finished before <paramref name="before"/>; answers how many.</summary>
    Task<int> PurgeFinishedAsync(DateTimeOffset before, CancellationToken ct);
}

/// <summary>What every orchestration input carries: the resource it works on, which decides who may see it.</summary>
public interface IOperationInput
{
    /// <summary><c>hubs/{hub}[/projects/{project}][/connections/{alias}]</c>.</summary>
    string Resource { get; }
}

public enum TerminateOutcome
{
    Terminated,
    NotFound,
    AlreadyFinished,
}

public sealed class OperationAlreadyRunningException(string instanceId)
    : Exception($"Operation '{instanceId}' is already running.")
{
    public string InstanceId { get; } = instanceId;
}
