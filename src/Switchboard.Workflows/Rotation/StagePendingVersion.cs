using Microsoft.DurableTask;
using Switchboard.Core.Rotation;

namespace Switchboard.Workflows.Rotation;

/// <summary>Records the pending version on the connection's row, so every reader sees a rotation under way.</summary>
public sealed class StagePendingVersion(RotationService rotation) : TaskActivity<RotationTarget, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RotationTarget input)
    {
        await rotation.StageAsync(input, CancellationToken.None);
        return true;
    }
}
