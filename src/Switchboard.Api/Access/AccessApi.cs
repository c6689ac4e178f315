using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.Core.Access;
using Switchboard.Core.Ports;
using Switchboard.Api.Api;

namespace Switchboard.Api.Access;

/// <summary>API keys and role assignments of a hub: owners only, each within its own scope.</summary>
public static class AccessApi
{
    public static void MapAccessApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/hubs/{hub}/apiKeys").WithTags("Access").CheckAccess();
        keys.MapPost("/", CreateKeyAsync).WithName("CreateApiKey").WithSummary("Create an API key (shown once)")
            .Accepts<ApiKeyRequest>("application/json").Requires(Permission.Manage, hubMetadataOnly: true);
        keys.MapGet("/", ListKeysAsync).WithName("ListApiKeys").WithSummary("List API keys, without their values")
            .Requires(Permission.Manage, hubMetadataOnly: true);
        keys.MapDelete("/{id}", RevokeKeyAsync).WithName("RevokeApiKey").WithSummary("Revoke an API key at once")
            .Requires(Permission.Manage, hubMetadataOnly: true);

        var assignments = app.MapGroup("/api/hubs/{hub}/roleAssignments").WithTags("Access").CheckAccess();
        assignments.MapPut("/{id}", PutAssignmentAsync).WithName("PutRoleAssignment").WithSummary("Assign a role to an Entra ID principal")
            .Accepts<RoleAssignmentRequest>("application/json").Requires(Permission.Manage, hubMetadataOnly: true);
        assignments.MapGet("/", ListAssignmentsAsync).WithName("ListRoleAssignments").WithSummary("List role assignments")
            .Requires(Permission.Manage, hubMetadataOnly: true);
        assignments.MapGet("/{id}", GetAssignmentAsync).WithName("GetRoleAssignment").WithSummary("Get a role assignment")
            .Requires(Permission.Manage, hubMetadataOnly: true);
        assignments.MapDelete("/{id}", DeleteAssignmentAsync).WithName("DeleteRoleAssignment").WithSummary("Remove a role assignment")
            .Requires(Permission.Manage, hubMetadataOnly: true);
    }

    private static async Task<Created<CreatedApiKeyResponse>> CreateKeyAsync(HttpContext http, string hub, AccessService access, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<ApiKeyRequest>(http.Request);
        var principal = await CallerPrincipals.PrincipalOfAsync(http);
        var created = await access.CreateKeyAsync(hub, request.Project, request.Role ?? throw Core.Errors.SwitchboardException.Validation("role", "Required."),
            request.Name, request.ExpiresAt, principal, Http.CallerOf(http), ct);
        http.Response.Headers.CacheControl = "no-store";
        var r = created.Record;
        return TypedResults.Created($"/api/hubs/{hub}/apiKeys/{r.Id}",
            new CreatedApiKeyResponse(r.Id, created.Key, r.Name, r.Role, r.Project, r.ExpiresAt, r.CreatedAt));
    }

    private static async Task<Ok<ListResponse<ApiKeyResponse>>> ListKeysAsync(HttpContext http, string hub, AccessService access, CancellationToken ct)
    {
        var keys = await access.ListKeysAsync(hub, await CallerPrincipals.PrincipalOfAsync(http), ct);
        return TypedResults.Ok(new ListResponse<ApiKeyResponse>([.. keys.Select(ApiKeyResponse.From)], null));
    }

    private static async Task<NoContent> RevokeKeyAsync(HttpContext http, string hub, string id, AccessService access, CancellationToken ct)
    {
        await access.RevokeKeyAsync(hub, id, await CallerPrincipals.PrincipalOfAsync(http), Http.CallerOf(http), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<RoleAssignmentResponse>, Ok<RoleAssignmentResponse>>> PutAssignmentAsync(
        HttpContext http, string hub, string id, AccessService access, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<RoleAssignmentRequest>(http.Request);
        var (saved, created) = await access.PutAssignmentAsync(hub, id, request.PrincipalId,
            request.Role ?? throw Core.Errors.SwitchboardException.Validation("role", "Required."), request.Project,
            await CallerPrincipals.PrincipalOfAsync(http), Http.CallerOf(http), ct);
        Http.SetETag(http.Response, saved.ETag);
        var body = RoleAssignmentResponse.From(saved);
        return created ? TypedResults.Created($"/api/hubs/{hub}/roleAssignments/{id}", body) : TypedResults.Ok(body);
    }

    private static async Task<Ok<ListResponse<RoleAssignmentResponse>>> ListAssignmentsAsync(HttpContext http, string hub, AccessService access, CancellationToken ct)
    {
        var list = await access.ListAssignmentsAsync(hub, await CallerPrincipals.PrincipalOfAsync(http), ct);
        return TypedResults.Ok(new ListResponse<RoleAssignmentResponse>([.. list.Select(RoleAssignmentResponse.From)], null));
    }

    private static async Task<Ok<RoleAssignmentResponse>> GetAssignmentAsync(HttpContext http, string hub, string id, AccessService access, CancellationToken ct)
    {
        var found = await access.GetAssignmentAsync(hub, id, await CallerPrincipals.PrincipalOfAsync(http), ct);
        Http.SetETag(http.Response, found.ETag);
        return TypedResults.Ok(RoleAssignmentResponse.From(found));
    }

    private static async Task<NoContent> DeleteAssignmentAsync(HttpContext http, string hub, string id, AccessService access, CancellationToken ct)
    {
        await access.DeleteAssignmentAsync(hub, id, await CallerPrincipals.PrincipalOfAsync(http), Http.CallerOf(http), ct);
        return TypedResults.NoContent();
    }
}

public sealed record ApiKeyRequest(string? Name, Role? Role, string? Project, DateTimeOffset? ExpiresAt);

public sealed record CreatedApiKeyResponse(string Id, string Key, string? Name, Role Role, string? Project, DateTimeOffset? ExpiresAt, DateTimeOffset CreatedAt);

public sealed record ApiKeyResponse(string Id, string? Name, Role Role, string? Project, DateTimeOffset? ExpiresAt, DateTimeOffset CreatedAt, string CreatedBy)
{
    public static ApiKeyResponse From(ApiKeyRecord r) => new(r.Id, r.Name, r.Role, r.Project, r.ExpiresAt, r.CreatedAt, r.CreatedBy);
}

public sealed record RoleAssignmentRequest(string? PrincipalId, Role? Role, string? Project);

public sealed record RoleAssignmentResponse(string Id, string PrincipalId, Role Role, string? Project, DateTimeOffset CreatedAt, string CreatedBy, string Etag)
{
    public static RoleAssignmentResponse From(Versioned<RoleAssignment> v) =>
        new(v.Value.Id, v.Value.PrincipalId, v.Value.Role, v.Value.Project, v.Value.CreatedAt, v.Value.CreatedBy, v.ETag);
}
