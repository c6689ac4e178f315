namespace Switchboard.Workflows.Engine;

/// <summary>
/// What to do with the wake-up message just handled: done (delete it, or let the Functions host do so), or
/// another worker holds the instance's lease, so it must come back once the lease has run out.
/// </summary>
internal readonly record struct WakeResult(TimeSpan? RetryAfter)
{
    public static readonly WakeResult Done = new((TimeSpan?)null);
}
