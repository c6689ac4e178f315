namespace Switchboard.Workflows.Teardown;

/// <summary>A hub: project connections, hub connections, the Key Vault connection, projects, access, the hub.</summary>
public sealed class HubTeardownOrchestrator() : TeardownOrchestrator(
    ("Block writes", TeardownPart.BlockWrites),
    ("Delete project connections", TeardownPart.ProjectConnections),
    ("Delete hub connections", TeardownPart.HubConnections),
    ("Delete Key Vault connection", TeardownPart.KeyVaultConnection),
    ("Delete projects", TeardownPart.Projects),
    ("Delete access", TeardownPart.Access),
    ("Delete hub", TeardownPart.Hub))
{
    public const string Name = "HubTeardown";
}
