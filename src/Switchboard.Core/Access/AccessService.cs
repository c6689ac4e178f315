using System.Security.Cryptography;
using System.Text;
using Switchboard.Core.Errors;
using Switchboard.Core.Hubs;
using Switchboard.Core.Ports;

namespace Switchboard.Core.Access;

/// <summary>
/// API keys and role assignments. A key is <c>sbk_{id}_{secret}</c>: the id finds the record, and only a
/// salted hash of the secret is stored, so the key is shown once, at creation, and never again.
/// </summary>
public sealed class AccessService(IApiKeyStore keys, IRoleAssignmentStore assignments, HubService hubs, IAuditLog audit, TimeProvider clock)
{
    private const string KeyPrefix = "sbk_";

    public sealed record CreatedKey(ApiKeyRecord Record, string Key);

    public async Task<CreatedKey> CreateKeyAsync(string hub, string? project, Role role, string? name, DateTimeOffset? expiresAt, Principal creator, Caller caller, CancellationToken ct)
    {
        await CheckScopeAsync(hub, project, creator, ct);
        if (name is { Length: > 128 })
        {
            throw SwitchboardException.Validation("name", "At most 128 characters.");
        }
        if (expiresAt is { } expiry && expiry <= clock.GetUtcNow())
        {
            throw SwitchboardException.Validation("expiresAt", "Must be in the future.");
        }
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var salt = RandomNumberGenerator.GetBytes(16);
        var record = new ApiKeyRecord(id, hub, project, role, name, Convert.ToBase64String(salt), Hash(salt, secret),
            expiresAt?.ToUniversalTime(), clock.GetUtcNow(), caller.ActorId);
        await keys.InsertAsync(record, ct);
        await WriteAuditAsync(hub, "apiKey.created", project, caller, new Dictionary<string, string> { ["keyId"] = id, ["role"] = role.ToString() }, ct);
        return new CreatedKey(record, $"{KeyPrefix}{id}_{secret}");
    }

    /// <summary>The principal a key stands for, or null when it is unknown, revoked, expired or wrong.</summary>
    public async Task<Principal?> AuthenticateKeyAsync(string key, CancellationToken ct)
    {
        var parts = key.StartsWith(KeyPrefix, StringComparison.Ordinal) ? key[KeyPrefix.Length..].Split('_') : [];
        if (parts is not [{ Length: 16 } id, { Length: 64 } secret])
        {
            return null;
        }
        var record = await keys.GetAsync(id, ct);
        if (record is null || record.ExpiresAt <= clock.GetUtcNow())
        {
            return null;
        }
        var expected = Convert.FromBase64String(record.Hash);
        var actual = Convert.FromBase64String(Hash(Convert.FromBase64String(record.Salt), secret));
        return CryptographicOperations.FixedTimeEquals(expected, actual)
            ? new Principal("key:" + id, false, [new Grant(record.Hub, record.Project, record.Role)])
            : null;
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(string hub, Principal caller, CancellationToken ct)
    {
        await hubs.GetHubAsync(hub, ct);
        var all = await keys.ListAsync(hub, ct);
        // A project owner sees its project's keys only.
        return [.. all.Where(k => caller.May(Permission.Manage, hub, k.Project))];
    }

    public async Task RevokeKeyAsync(string hub, string id, Principal principal, Caller caller, CancellationToken ct)
    {
        var record = await keys.GetAsync(id, ct);
        if (record is null || record.Hub != hub || !principal.May(Permission.Manage, hub, record.Project) || !await keys.DeleteAsync(hub, id, ct))
        {
            throw SwitchboardException.NotFound($"API key '{id}'");
        }
        await WriteAuditAsync(hub, "apiKey.revoked", record.Project, caller, new Dictionary<string, string> { ["keyId"] = id }, ct);
    }

    public async Task<(Versioned<RoleAssignment> Assignment, bool Created)> PutAssignmentAsync(
        string hub, string id, string? principalId, Role role, string? project, Principal creator, Caller caller, CancellationToken ct)
    {
        if (!Names.IsValidAlias(id))
        {
            throw SwitchboardException.Validation("id", "1-63 letters, digits and hyphens.");
        }
        if (string.IsNullOrWhiteSpace(principalId) || principalId.Length > 128)
        {
            throw SwitchboardException.Validation("principalId", "Required: the principal's object id.");
        }
        await CheckScopeAsync(hub, project, creator, ct);
        var existing = await assignments.GetAsync(hub, id, ct);
        if (existing is not null && !creator.May(Permission.Manage, hub, existing.Value.Project))
        {
            throw new SwitchboardException(ErrorCode.Forbidden, "The existing assignment is outside your scope.");
        }
        var saved = await assignments.UpsertAsync(new RoleAssignment(id, hub, principalId, role, project, clock.GetUtcNow(), caller.ActorId), ct);
        await WriteAuditAsync(hub, "roleAssignment.saved", project, caller, new Dictionary<string, string> { ["assignment"] = id, ["principalId"] = principalId, ["role"] = role.ToString() }, ct);
        return (saved, existing is null);
    }

    public async Task<IReadOnlyList<Versioned<RoleAssignment>>> ListAssignmentsAsync(string hub, Principal caller, CancellationToken ct)
    {
        await hubs.GetHubAsync(hub, ct);
        return [.. (await assignments.ListAsync(hub, ct)).Where(a => caller.May(Permission.Manage, hub, a.Value.Project))];
    }

    public async Task<Versioned<RoleAssignment>> GetAssignmentAsync(string hub, string id, Principal caller, CancellationToken ct)
    {
        var found = await assignments.GetAsync(hub, id, ct);
        return found is not null && caller.May(Permission.Manage, hub, found.Value.Project)
            ? found
            : throw SwitchboardException.NotFound($"Role assignment '{id}'");
    }

    public async Task DeleteAssignmentAsync(string hub, string id, Principal principal, Caller caller, CancellationToken ct)
    {
        var found = await GetAssignmentAsync(hub, id, principal, ct);
        await assignments.DeleteAsync(hub, id, ct);
        await WriteAuditAsync(hub, "roleAssignment.deleted", found.Value.Project, caller, new Dictionary<string, string> { ["assignment"] = id }, ct);
    }

    /// <summary>The grants an Entra ID principal holds through role assignments, across hubs.</summary>
    public async Task<IReadOnlyList<Grant>> GrantsOfAsync(string principalId, CancellationToken ct) =>
        [.. (await assignments.ForPrincipalAsync(principalId, ct)).Select(a => new Grant(a.Hub, a.Project, a.Role))];

    // Keys and assignments stay within the creator's own scope: a project owner cannot mint a hub-wide key.
    private async Task CheckScopeAsync(string hub, string? project, Principal creator, CancellationToken ct)
    {
        await hubs.GetWritableHubAsync(hub, ct);
        if (project is not null)
        {
            await hubs.GetProjectAsync(hub, project, ct);
        }
        if (!creator.May(Permission.Manage, hub, project))
        {
            throw new SwitchboardException(ErrorCode.Forbidden, "You may grant access only within your own scope.");
        }
    }

    private static string Hash(byte[] salt, string secret) => Convert.ToBase64String(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(secret)));

    private Task WriteAuditAsync(string hub, string action, string? project, Caller caller, IReadOnlyDictionary<string, string> details, CancellationToken ct) =>
        audit.WriteAsync(new AuditEntry(hub, clock.GetUtcNow(), caller.ActorId, action, project, null, caller.CorrelationId, details), ct);
}
