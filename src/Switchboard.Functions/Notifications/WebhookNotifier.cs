using System.Text.Json;
using Switchboard.Core.Ports;
using Switchboard.Workflows;
using Switchboard.Workflows.Notifications;

namespace Switchboard.Functions.Notifications;

/// <summary>
/// Turns a notification into a CloudEvent 1.0 and starts one durable delivery per matching subscriber. Raising
/// an event never fails the work that raised it: a problem here is logged and the work goes on. The engine is
/// resolved on first use: the workflows it runs raise notifications themselves.
/// </summary>
public sealed class WebhookNotifier(ISubscriptionStore subscriptions, IServiceProvider services, TimeProvider clock, ILogger<WebhookNotifier> logger) : INotifier
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
                : Operations.OperationResources.Of(notification.Hub, notification.Project, notification.Alias);
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
            var engine = services.GetRequiredService<WorkflowEngine>();
            foreach (var subscriber in subscribers)
            {
                await engine.StartAsync(NotificationDeliveryWorkflow.Name, $"hubs/{notification.Hub}/subscriptions/{subscriber.Value.Id}",
                    new DeliveryState(notification.Hub, subscriber.Value.Id, notification.Type, cloudEvent), cancellationToken: ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not queue {EventType} notifications for hub {Hub}", notification.Type, notification.Hub);
        }
    }
}
