using Microsoft.DurableTask;
using Switchboard.Core.Connections;
using Switchboard.Core.Ports;
using Switchboard.Core.Rotation;

namespace Switchboard.Workflows.Rotation;

/// <summary>Tries the pending version against the connection's target, unless its <c>rotation.test</c> is <c>skip</c>.</summary>
public sealed class TestPendingVersion(RotationService rotation, IConnectionProbe probe) : TaskActivity<RotationTarget, PendingTestResult>
{
    public override async Task<PendingTestResult> RunAsync(TaskActivityContext context, RotationTarget input)
    {
        var connection = await rotation.ConnectionAsync(input, CancellationToken.None);
        var mode = connection.Rotation.Test;
        if (mode == RotationTestMode.Skip)
        {
            return new PendingTestResult(PendingTestOutcome.Skipped, mode, "rotation.test is skip.");
        }
        var result = await probe.ProbeAsync(connection, input.PendingVersion, CancellationToken.None);
        var outcome = result switch
        {
            { Ok: true } => PendingTestOutcome.Accepted,
            // The provider has no probe: nothing to test against.
            { Ok: null } => PendingTestOutcome.Skipped,
            { Status: null } => PendingTestOutcome.Unreachable,
            _ => PendingTestOutcome.Refused,
        };
        return new PendingTestResult(outcome, mode, result.Detail);
    }
}
