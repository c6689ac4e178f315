using Switchboard.Core.Operations;

namespace Switchboard.Workflows.Notifications;

/// <summary>One CloudEvent for one subscriber, and how hard to try. The event names resources and states, never a credential.</summary>
public sealed record DeliveryRequest(string Hub, string SubscriptionId, string EventType, string CloudEventJson, int MaxAttempts, TimeSpan FirstRetryDelay) : IOperationInput
{
    public string Resource => $"hubs/{Hub}/subscriptions/{SubscriptionId}";
}

/// <param name="Gone">The subscription was deleted meanwhile: nothing to deliver to.</param>
public sealed record DeliveryAttempt(bool Delivered, bool Gone, int? Status, string Detail);
