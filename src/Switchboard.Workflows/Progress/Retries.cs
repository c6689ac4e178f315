using Microsoft.DurableTask;

namespace Switchboard.Workflows.Progress;

/// <summary>The retry policies activities run under (durable: each wait is a timer, each attempt a new work item).</summary>
public static class Retries
{
    /// <summary>Storage and Key Vault calls whose clients already retried: a few more tries over about a minute.</summary>
    public static readonly TaskOptions Transient = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(30)));
}
