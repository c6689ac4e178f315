namespace Switchboard.Core.Access;

/// <summary>
/// An authenticated caller: who it is (for audit) and what it holds. The platform Administrator may do
/// everything; everyone else holds grants.
/// </summary>
public sealed record Principal(string ActorId, bool IsAdministrator, IReadOnlyList<Grant> Grants)
{
    /// <summary>
    /// Whether this principal may exercise <paramref name="permission"/> at the hub, or at one of its projects.
    /// A hub grant covers every project; a project grant covers that project only, and at hub level only the
    /// routes marked <paramref name="hubMetadataOnly"/>, so a project's members can find their way.
    /// </summary>
    public bool May(Permission permission, string hub, string? project, bool hubMetadataOnly = false)
    {
        if (IsAdministrator)
        {
            return true;
        }
        if (permission == Permission.Administer)
        {
            return false;
        }
        // Hub-level routes that serve every project's members (the hub itself, key and assignment lists that
        // the service narrows to the caller's scope) accept project grants too.
        return Grants.Any(g => g.Hub == hub && (Covers(g, project) || (project is null && hubMetadataOnly)) && Allows(g.Role, permission));
    }

    /// <summary>Whether the principal holds anything in the hub (to list it among "my hubs").</summary>
    public bool Knows(string hub) => IsAdministrator || Grants.Any(g => g.Hub == hub);

    private static bool Covers(Grant grant, string? project) =>
        grant.Project is null || grant.Project == project;

    private static bool Allows(Role role, Permission permission) => (role, permission) switch
    {
        (Role.Owner, not Permission.Administer) => true,
        (Role.Contributor, Permission.Read or Permission.Write) => true,
        (Role.Reader, Permission.Read) => true,
        (Role.SecretsReader, Permission.ListSecrets) => true,
        _ => false,
    };
}
