namespace Switchboard.Workflows.Engine;

/// <summary>Exponential backoff between attempts of a step, with jitter so failing workflows do not retry in step.</summary>
internal static class Backoff
{
    /// <param name="attempt">The attempt that just failed, from 1.</param>
    /// <param name="jitter">A number in [0, 1): adds up to 20%.</param>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double jitter)
    {
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var capped = Math.Min(exponential, maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (1 + 0.2 * jitter));
    }

    public static TimeSpan Delay(int attempt, RetryPolicy? policy, WorkflowOptions options, double jitter) =>
        Delay(attempt, policy?.BaseDelay ?? options.RetryBaseDelay, policy?.MaxDelay ?? options.RetryMaxDelay, jitter);
}
