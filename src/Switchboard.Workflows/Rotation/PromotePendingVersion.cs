using Microsoft.DurableTask;
using Switchboard.Core.Rotation;

namespace Switchboard.Workflows.Rotation;

/// <summary>Pending becomes current and current previous; an older previous version is disabled at once.</summary>
public sealed class PromotePendingVersion(RotationService rotation) : TaskActivity<PromoteRequest, PromoteResult>
{
    public override async Task<PromoteResult> RunAsync(TaskActivityContext context, PromoteRequest input)
    {
        var promoted = await rotation.PromoteAsync(input.Target, input.Actor, CancellationToken.None);
        return promoted is null
            ? new PromoteResult(false, null, TimeSpan.Zero)
            : new PromoteResult(true, promoted.Versions.Previous, promoted.Rotation.GracePeriod);
    }
}
