using Microsoft.DurableTask;
using Switchboard.Core.Rotation;

namespace Switchboard.Workflows.Rotation;

/// <summary>
/// Records the pending version on the connection's row, so every reader sees a rotation under way. False when a Key
/// Vault migration moved the connection after the pending version was written.
/// </summary>
public sealed class StagePendingVersion(RotationService rotation) : TaskActivity<RotationTarget, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, RotationTarget input) =>
        rotation.StageAsync(input, CancellationToken.None);
}
