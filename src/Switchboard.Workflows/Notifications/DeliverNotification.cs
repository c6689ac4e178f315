using Microsoft.DurableTask;
using Switchboard.Core.Notifications;
using Switchboard.Core.Ports;

namespace Switchboard.Workflows.Notifications;

/// <param name="Final">The last attempt: a failure is recorded on the subscription.</param>
public sealed record DeliveryAttemptRequest(DeliveryRequest Delivery, int Attempt, bool Final);

/// <summary>One attempt to post the event to the subscriber; a success, or the last failure, is recorded on the subscription.</summary>
public sealed class DeliverNotification(ISubscriptionStore subscriptions, IWebhookSender sender, TimeProvider clock) : TaskActivity<DeliveryAttemptRequest, DeliveryAttempt>
{
    public override async Task<DeliveryAttempt> RunAsync(TaskActivityContext context, DeliveryAttemptRequest input)
    {
        var d = input.Delivery;
        var subscription = await subscriptions.GetAsync(d.Hub, d.SubscriptionId, CancellationToken.None);
        if (subscription is null)
        {
            return new DeliveryAttempt(false, true, null, "The subscription was deleted.");
        }
        var result = await sender.SendAsync(subscription.Value, d.CloudEventJson, CancellationToken.None);
        if (result.Delivered || input.Final)
        {
            var detail = result.Delivered ? result.Detail : "Delivery failed after every retry.";
            await subscriptions.RecordDeliveryAsync(d.Hub, d.SubscriptionId,
                new DeliveryStatus(clock.GetUtcNow(), result.Delivered, detail, d.EventType), CancellationToken.None);
        }
        return new DeliveryAttempt(result.Delivered, false, result.Status, result.Detail);
    }
}
