using System.Text.Json;
using Switchboard.Core.Ports;
using Microsoft.Extensions.Options;
using Switchboard.Core.Operations;
using Switchboard.Api.Operations;
using Switchboard.Workflows.Notifications;

namespace Switchboard.Api.Notifications;

/// <summary>
/// Turns a notification into a CloudEvent 1.0 and starts one durable delivery per matching subscriber. Raising
/// an event never fails the work that raised it: a problem here is logged and the work goes on. The operations
/// port is resolved on first use: the orchestrations it starts raise notifications themselves.
/// </summary>
public sealed class WebhookNotifier(ISubscriptionStore subscriptions, IServiceProvider services, IOptions<NotificationOptions> options, TimeProvider clock,
    ILogger<WebhookNotifier> logger) : INotifier
{
    public async Task NotifyAsync(Notification notification, CancellationToken ct)
    {
        try
        {
            var subscribers = (await subscriptions.ListAsync(notification.Hub, ct)).Where(s => s.Value.EventTypes.Contains(notification.Type)).ToList();
            if (subscribers.Count == 0)
            {
                return;
            }
            var subject = notification.Alias is null ? $"hubs/{notification.Hub}"
                : OperationResources.Of(notification.Hub, notification.Project, notification.Alias);
            var cloudEvent = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["specversion"] = "1.0",
                ["id"] = Guid.NewGuid().ToString(),
                ["source"] = "/switchboard/hubs/" + notification.Hub,
                ["type"] = notification.Type,
                ["subject"] = subject,
                ["time"] = clock.GetUtcNow().ToString("O"),
                ["datacontenttype"] = "application/json",
                ["data"] = new Dictionary<string, object?>(notification.Data.Select(d => KeyValuePair.Create(d.Key, (object?)d.Value)))
                {
                    ["hub"] = notification.Hub,
                    ["project"] = notification.Project,
                    ["alias"] = notification.Alias,
                },
            });
            var operations = services.GetRequiredService<IOperations>();
            foreach (var subscriber in subscribers)
            {
                await operations.StartAsync(NotificationDeliveryOrchestrator.Name, "delivery-" + Guid.NewGuid().ToString("N"),
                    new DeliveryRequest(notification.Hub, subscriber.Value.Id, notification.Type, cloudEvent, options.Value.MaxAttempts, options.Value.FirstRetryDelay), ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not queue {EventType} notifications for hub {Hub}", notification.Type, notification.Hub);
        }
    }
}
