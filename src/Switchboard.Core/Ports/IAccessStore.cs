using Switchboard.Core.Access;

namespace Switchboard.Core.Ports;

/// <summary>An API key's stored form: a salted hash of its secret part, never the key.</summary>
public sealed record ApiKeyRecord(
    string Id, string Hub, string? Project, Role Role, string? Name, string Salt, string Hash,
    DateTimeOffset? ExpiresAt, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>A role held by an Entra ID principal (an object id) at a hub or a project.</summary>
public sealed record RoleAssignment(string Id, string Hub, string PrincipalId, Role Role, string? Project, DateTimeOffset CreatedAt, string CreatedBy);

public interface IApiKeyStore
{
    Task InsertAsync(ApiKeyRecord key, CancellationToken cancellationToken);
    Task<ApiKeyRecord?> GetAsync(string id, CancellationToken cancellationToken);
    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string hub, CancellationToken cancellationToken);
    Task<bool> DeleteAsync(string hub, string id, CancellationToken cancellationToken);
}

public interface IRoleAssignmentStore
{
    Task<Versioned<RoleAssignment>> UpsertAsync(RoleAssignment assignment, CancellationToken cancellationToken);
    Task<Versioned<RoleAssignment>?> GetAsync(string hub, string id, CancellationToken cancellationToken);
    Task<IReadOnlyList<Versioned<RoleAssignment>>> ListAsync(string hub, CancellationToken cancellationToken);
    Task<IReadOnlyList<RoleAssignment>> ForPrincipalAsync(string principalId, CancellationToken cancellationToken);
    Task<bool> DeleteAsync(string hub, string id, CancellationToken cancellationToken);
}
