using System.Text.Json.Serialization;
using Microsoft.DurableTask;
using Switchboard.Workflows.Progress;

namespace Switchboard.Workflows.Notifications;

/// <summary>A delivery's output: whether the subscriber took the event.</summary>
public sealed record DeliveryResult([property: JsonPropertyName("delivered")] bool Delivered, [property: JsonPropertyName("detail")] string Detail);

/// <summary>
/// Delivers an event to a webhook with retries and exponential backoff on durable timers, and records the outcome
/// on the subscription; the work that raised the event never waits for it.
/// </summary>
public sealed class NotificationDeliveryOrchestrator : TaskOrchestrator<DeliveryRequest, DeliveryResult>
{
    public const string Name = "NotificationDelivery";
    public const string Deliver = "Deliver";

    /// <summary>No wait between two attempts is longer than this.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(10);

    public override async Task<DeliveryResult> RunAsync(TaskOrchestrationContext context, DeliveryRequest input)
    {
        var steps = new OperationSteps(context, Deliver);
        for (var attempt = 1; ; attempt++)
        {
            steps.Begin(Deliver, attempt);
            var result = await context.CallActivityAsync<DeliveryAttempt>(nameof(DeliverNotification), new DeliveryAttemptRequest(input, attempt, Final: attempt >= input.MaxAttempts), Retries.Transient);
            if (result.Delivered || result.Gone)
            {
                steps.Finish();
                return new DeliveryResult(result.Delivered, result.Detail);
            }
            if (attempt >= input.MaxAttempts)
            {
                throw steps.Fail("DeliveryFailed", $"Delivery failed after {attempt} attempts. Last: {result.Detail}");
            }
            var delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, input.FirstRetryDelay.Ticks << Math.Min(attempt - 1, 20)));
            var wakeAt = context.CurrentUtcDateTime + delay;
            steps.Note("RetryScheduled", result.Detail, new DateTimeOffset(wakeAt, TimeSpan.Zero));
            await context.CreateTimer(wakeAt, CancellationToken.None);
        }
    }
}
