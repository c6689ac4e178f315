using Switchboard.Core.Connections;
using Switchboard.Core.Operations;
using Switchboard.Core.Rotation;

namespace Switchboard.Workflows.Rotation;

public sealed record PromoteRequest(RotationTarget Target, string Actor);

/// <param name="Promoted">False when another change superseded the rotation.</param>
/// <param name="PreviousVersion">The version that was current before, now readable as previous.</param>
public sealed record PromoteResult(bool Promoted, string? PreviousVersion, TimeSpan GracePeriod);

public enum PendingTestOutcome
{
    Accepted,
    Refused,
    Unreachable,
    Skipped,
}

public sealed record PendingTestResult(PendingTestOutcome Outcome, RotationTestMode Mode, string Detail);

public sealed record DiscardRequest(RotationTarget Target, string OperationId);

/// <param name="Unreachable">Why the target could not be tested, when <c>rotation.test</c> let the rotation go on.</param>
public sealed record AnnounceRequest(RotationTarget Target, string Actor, string CorrelationId, string OperationId, bool RevokedPrevious, string? Unreachable);

/// <summary>Disable <see cref="Version"/> (the previous one) once <see cref="NotBefore"/> (UTC) has passed.</summary>
public sealed record RetirementRequest(RotationTarget Target, string Version, DateTime NotBefore) : IOperationInput
{
    public string Resource => OperationResources.Of(Target.Hub, Target.Project, Target.Alias);
}
