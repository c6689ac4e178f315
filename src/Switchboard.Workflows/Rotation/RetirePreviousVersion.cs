using Microsoft.DurableTask;
using Switchboard.Core.Rotation;

namespace Switchboard.Workflows.Rotation;

/// <summary>Disables one previous version and lets the row forget it; a version that is current again is kept.</summary>
public sealed class RetirePreviousVersion(RotationService rotation) : TaskActivity<RetirementRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RetirementRequest input)
    {
        await rotation.RetireAsync(input.Target, input.Version, CancellationToken.None);
        return true;
    }
}
