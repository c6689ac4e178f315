using Switchboard.Core.Notifications;
using Switchboard.Core.Ports;

namespace Switchboard.Workflows.Notifications;

/// <summary>One CloudEvent for one subscriber. The event names resources and states, never a credential.</summary>
public sealed record DeliveryState(string Hub, string SubscriptionId, string EventType, string CloudEventJson);

/// <summary>
/// Delivers an event to a webhook with retries and exponential backoff, durable across restarts, and records
/// the outcome on the subscription; the caller that raised the event never waits for it.
/// </summary>
public static class NotificationDeliveryWorkflow
{
    public const string Name = "NotificationDelivery";

    public static WorkflowDefinition<DeliveryState> Build(ISubscriptionStore subscriptions, IWebhookSender sender, TimeProvider clock, int maxAttempts) =>
        new WorkflowDefinition<DeliveryState>(Name)
            .Step("Queue delivery", ctx => ctx.Next(),
                compensate: ctx => subscriptions.RecordDeliveryAsync(ctx.State.Hub, ctx.State.SubscriptionId,
                    new DeliveryStatus(clock.GetUtcNow(), false, "Delivery failed after every retry.", ctx.State.EventType), ctx.CancellationToken))
            .Step("Deliver", async ctx =>
            {
                var subscription = await subscriptions.GetAsync(ctx.State.Hub, ctx.State.SubscriptionId, ctx.CancellationToken);
                if (subscription is null)
                {
                    return ctx.Complete(new { delivered = false, detail = "The subscription was deleted." });
                }
                var result = await sender.SendAsync(subscription.Value, ctx.State.CloudEventJson, ctx.CancellationToken);
                if (!result.Delivered)
                {
                    return ctx.Retry(result.Detail);
                }
                await subscriptions.RecordDeliveryAsync(ctx.State.Hub, ctx.State.SubscriptionId,
                    new DeliveryStatus(clock.GetUtcNow(), true, result.Detail, ctx.State.EventType), ctx.CancellationToken);
                return ctx.Complete(new { delivered = true, status = result.Status });
            }, retry: new RetryPolicy(maxAttempts));
}
