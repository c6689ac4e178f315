using Switchboard.Core.Operations;
using Switchboard.Core.Rotation;

namespace Switchboard.Workflows.Rotation;

/// <summary>A rotation's input: where the connection is and the pending version's id, never a credential.</summary>
/// <param name="RevokePrevious">For a leaked credential: disable the previous version as soon as the new one is current.</param>
public sealed record RotationRequest(RotationTarget Target, string Actor, string CorrelationId, bool RevokePrevious = false) : IOperationInput
{
    public string Resource => OperationResources.Of(Target.Hub, Target.Project, Target.Alias);
}
