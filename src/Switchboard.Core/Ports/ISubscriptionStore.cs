using Switchboard.Core.Notifications;

namespace Switchboard.Core.Ports;

public interface ISubscriptionStore
{
    Task<Versioned<Subscription>> UpsertAsync(Subscription subscription, CancellationToken cancellationToken);
    Task<Versioned<Subscription>?> GetAsync(string hub, string id, CancellationToken cancellationToken);
    Task<IReadOnlyList<Versioned<Subscription>>> ListAsync(string hub, CancellationToken cancellationToken);
    Task<bool> DeleteAsync(string hub, string id, CancellationToken cancellationToken);
    Task RecordDeliveryAsync(string hub, string id, DeliveryStatus status, CancellationToken cancellationToken);
}

/// <summary>What a webhook receiver answered.</summary>
public sealed record WebhookResult(bool Delivered, int? Status, string Detail);

/// <summary>POSTs one signed CloudEvent to a subscriber.</summary>
public interface IWebhookSender
{
    Task<WebhookResult> SendAsync(Subscription subscription, string cloudEventJson, CancellationToken cancellationToken);
}
