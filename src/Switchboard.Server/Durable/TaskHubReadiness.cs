namespace Switchboard.Server.Durable;

/// <summary>Completes once the task hub exists, so that no operation is started or read before it does.</summary>
public sealed class TaskHubReadiness
{
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Ready() => ready.TrySetResult();

    /// <summary>Waits for the hub; a caller that gives up (its request ends) stops waiting.</summary>
    public Task WhenReadyAsync(CancellationToken ct) => ready.Task.WaitAsync(ct);
}
