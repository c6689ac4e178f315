using Microsoft.DurableTask;
using Switchboard.Core.Notifications;
using Switchboard.Core.Ports;
using Switchboard.Core.Rotation;

namespace Switchboard.Workflows.Rotation;

/// <summary>The audit entry and the subscribers' event for a promoted version (an untested target is said so).</summary>
public sealed class AnnounceRotation(RotationService rotation, INotifier notifier) : TaskActivity<AnnounceRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, AnnounceRequest input)
    {
        var t = input.Target;
        var details = new Dictionary<string, string> { ["secretVersion"] = t.PendingVersion, ["operationId"] = input.OperationId };
        if (input.RevokedPrevious)
        {
            details["previousRevoked"] = "true";
        }
        if (input.Unreachable is { } why)
        {
            details["untested"] = "The target could not be reached: " + why;
        }
        await rotation.AuditAsync(t, "connection.rotated", input.Actor, input.CorrelationId, details, CancellationToken.None);
        await notifier.NotifyAsync(new Notification(EventTypes.Rotated, t.Hub, t.Project, t.Alias,
            new Dictionary<string, string> { ["secretVersion"] = t.PendingVersion }), CancellationToken.None);
        return true;
    }
}
