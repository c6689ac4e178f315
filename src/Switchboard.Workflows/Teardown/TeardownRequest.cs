using Switchboard.Core.Operations;
using Switchboard.Core.Teardown;

namespace Switchboard.Workflows.Teardown;

/// <summary>A teardown's input: the hub (or one of its projects) and who asked.</summary>
public sealed record TeardownRequest(TeardownTarget Target) : IOperationInput
{
    public string Resource => OperationResources.Of(Target.Hub, Target.Project);
}

/// <summary>One part of a teardown, in the order the Key Vault rules need.</summary>
public enum TeardownPart
{
    BlockWrites,
    ProjectConnections,
    HubConnections,
    KeyVaultConnection,
    Projects,
    Access,
    Hub,
}

/// <param name="Part">What to delete; the parts that work in batches answer how many they deleted.</param>
public sealed record TeardownPartRequest(TeardownTarget Target, TeardownPart Part);
