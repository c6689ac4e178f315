namespace Switchboard.Core.Access;

/// <summary>What a principal may do at a hub (and its projects) or at one project.</summary>
public enum Role
{
    /// <summary>Metadata: hubs, projects, connections, dependents, audit.</summary>
    Reader,
    /// <summary>Reader, and create, update, enable, disable, rotate and test connections.</summary>
    Contributor,
    /// <summary>Contributor, and delete, the Key Vault connection, API keys and role assignments, list secrets.</summary>
    Owner,
    /// <summary>Only <c>listSecrets</c>: for the automation that uses a connection's credentials.</summary>
    SecretsReader,
}

/// <summary>What a route asks of its caller.</summary>
public enum Permission
{
    Read,
    Write,
    Delete,
    ListSecrets,
    /// <summary>Key Vault connection, API keys, role assignments.</summary>
    Manage,
    /// <summary>Creating hubs: the platform Administrator only.</summary>
    Administer,
}

/// <summary>A role held at a hub (<see cref="Project"/> null: the hub and all its projects) or at one project.</summary>
public sealed record Grant(string Hub, string? Project, Role Role);
