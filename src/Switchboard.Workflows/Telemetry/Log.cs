using Microsoft.Extensions.Logging;

namespace Switchboard.Workflows.Telemetry;

/// <summary>The engine's log messages. They name instances, workflows and steps; never state, output or inputs.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Workflow {Workflow} instance {InstanceId} started on {Resource}")]
    public static partial void Started(this ILogger logger, string workflow, string instanceId, string resource);

    [LoggerMessage(2, LogLevel.Information, "Workflow {Workflow} instance {InstanceId} step {Step} attempt {Attempt}: {Outcome}")]
    public static partial void StepRan(this ILogger logger, string workflow, string instanceId, string step, int attempt, string outcome);

    [LoggerMessage(3, LogLevel.Warning, "Workflow {Workflow} instance {InstanceId} step {Step} attempt {Attempt} threw; it will be retried")]
    public static partial void StepThrew(this ILogger logger, Exception exception, string workflow, string instanceId, string step, int attempt);

    [LoggerMessage(4, LogLevel.Information, "Workflow {Workflow} instance {InstanceId} finished {Status}")]
    public static partial void Finished(this ILogger logger, string workflow, string instanceId, string status);

    [LoggerMessage(5, LogLevel.Information, "Workflow instance {InstanceId} changed while step {Step} ran (terminated or taken over); its result is discarded")]
    public static partial void CommitLost(this ILogger logger, string instanceId, string step);

    [LoggerMessage(6, LogLevel.Debug, "Wake-up for {InstanceId} ignored: {Reason}")]
    public static partial void WakeUpIgnored(this ILogger logger, string instanceId, string reason);

    [LoggerMessage(7, LogLevel.Warning, "Wake-up message {MessageText} is not of the form instanceId|token; dropped")]
    public static partial void MalformedWakeUp(this ILogger logger, string messageText);

    [LoggerMessage(8, LogLevel.Warning, "Could not delete the previous run's history of workflow instance {InstanceId}; the restart itself is committed")]
    public static partial void OldHistoryDeleteFailed(this ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(9, LogLevel.Warning, "Could not enqueue the wake-up of workflow instance {InstanceId}; the sweeper will")]
    public static partial void EnqueueFailed(this ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(10, LogLevel.Information, "Workflow instance {InstanceId} terminated")]
    public static partial void Terminated(this ILogger logger, string instanceId);

    [LoggerMessage(11, LogLevel.Information, "Sweeper re-enqueued workflow instance {InstanceId} (lost wake-up or expired lease)")]
    public static partial void Requeued(this ILogger logger, string instanceId);

    [LoggerMessage(12, LogLevel.Information, "Purged workflow instance {InstanceId}")]
    public static partial void Purged(this ILogger logger, string instanceId);

    [LoggerMessage(13, LogLevel.Error, "Wake-up message {MessageId} was dequeued {DequeueCount} times; deleted as poison (the sweeper will repair its instance)")]
    public static partial void Poison(this ILogger logger, string messageId, long dequeueCount);

    [LoggerMessage(14, LogLevel.Warning, "Handling wake-up message {MessageId} failed; it will be received again")]
    public static partial void HandlingFailed(this ILogger logger, Exception exception, string messageId);

    [LoggerMessage(15, LogLevel.Warning, "Receiving wake-ups failed; backing off")]
    public static partial void ReceiveFailed(this ILogger logger, Exception exception);

    [LoggerMessage(16, LogLevel.Error, "Workflow instance {InstanceId} names workflow {Workflow}, which this host does not know")]
    public static partial void UnknownWorkflow(this ILogger logger, string instanceId, string workflow);

    [LoggerMessage(17, LogLevel.Warning, "Compensation of step {Step} of workflow instance {InstanceId} gave up")]
    public static partial void CompensationGaveUp(this ILogger logger, string instanceId, string step);

    [LoggerMessage(18, LogLevel.Information, "Workflow instance {InstanceId} step {Step} handed back: the host is stopping; it runs again elsewhere")]
    public static partial void HandedBack(this ILogger logger, string instanceId, string step);

    [LoggerMessage(19, LogLevel.Warning, "Could not hand back the step of workflow instance {InstanceId}; it is taken again once its lease runs out")]
    public static partial void HandBackFailed(this ILogger logger, Exception exception, string instanceId);
}
