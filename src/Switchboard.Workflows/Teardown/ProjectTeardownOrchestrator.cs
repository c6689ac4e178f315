namespace Switchboard.Workflows.Teardown;

/// <summary>A project: its connections, its access, the project.</summary>
public sealed class ProjectTeardownOrchestrator() : TeardownOrchestrator(
    ("Block writes", TeardownPart.BlockWrites),
    ("Delete project connections", TeardownPart.ProjectConnections),
    ("Delete access", TeardownPart.Access),
    ("Delete project", TeardownPart.Projects))
{
    public const string Name = "ProjectTeardown";
}
