using Microsoft.DurableTask;
using Switchboard.Core.Notifications;
using Switchboard.Core.Ports;
using Switchboard.Core.Rotation;

namespace Switchboard.Workflows.Rotation;

/// <summary>Compensation: the pending version is disabled and forgotten, and subscribers hear the rotation failed.</summary>
public sealed class DiscardPendingVersion(RotationService rotation, INotifier notifier) : TaskActivity<DiscardRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, DiscardRequest input)
    {
        var t = input.Target;
        await rotation.DiscardAsync(t, CancellationToken.None);
        await notifier.NotifyAsync(new Notification(EventTypes.RotationFailed, t.Hub, t.Project, t.Alias,
            new Dictionary<string, string> { ["operationId"] = input.OperationId }), CancellationToken.None);
        return true;
    }
}
