namespace Switchboard.Workflows.Engine;

/// <summary>
/// Tells this process's dispatcher that a wake-up due now was just enqueued here (a workflow started, a chain
/// handed on), so an idle dispatcher receives it at once instead of at the end of its backoff. Only a hint: the
/// queue is still how the wake-up travels, and another host may well receive it first.
/// </summary>
internal sealed class LocalWakeUps
{
    private TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Notify"/>; take it before looking at the queue, so none is missed.</summary>
    public Task Next => Volatile.Read(ref next).Task;

    public void Notify() =>
        Interlocked.Exchange(ref next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
