using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.Core.Access;
using Switchboard.Core.Errors;
using Switchboard.Core.Hubs;
using Switchboard.Core.Ports;
using Switchboard.Api.Access;
using Switchboard.Api.Api;

namespace Switchboard.Api.Hubs;

/// <summary>Hubs and their projects.</summary>
public static class HubsApi
{
    public static void MapHubsApi(this IEndpointRouteBuilder app)
    {
        var hubs = app.MapGroup("/api/hubs").WithTags("Hubs").CheckAccess();
        // Creating a hub is the Administrator's; the handler tells creation from update.
        hubs.MapPut("/{hub}", PutHubAsync).WithName("PutHub").WithSummary("Create or update a hub")
            .Accepts<HubRequest>("application/json").ProducesProblem(409);
        hubs.MapGet("/", ListHubsAsync).WithName("ListHubs").WithSummary("List the hubs the caller may see");
        hubs.MapGet("/{hub}", GetHubAsync).WithName("GetHub").WithSummary("Get a hub").Requires(Permission.Read, hubMetadataOnly: true);

        var projects = app.MapGroup("/api/hubs/{hub}/projects").WithTags("Projects").CheckAccess();
        projects.MapPut("/{project}", PutProjectAsync).WithName("PutProject").WithSummary("Create or update a project")
            .Accepts<ProjectRequest>("application/json").Requires(Permission.Manage);
        projects.MapGet("/", ListProjectsAsync).WithName("ListProjects").WithSummary("List the projects of a hub").Requires(Permission.Read, hubMetadataOnly: true);
        projects.MapGet("/{project}", GetProjectAsync).WithName("GetProject").WithSummary("Get a project").Requires(Permission.Read);
    }

    private static async Task<Results<Created<HubResponse>, Ok<HubResponse>>> PutHubAsync(HttpContext http, string hub, HubService service, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<HubRequest>(http.Request);
        var principal = await CallerPrincipals.PrincipalOfAsync(http);
        var exists = await service.ExistsAsync(hub, ct);
        if (!principal.May(exists ? Permission.Manage : Permission.Administer, hub, null))
        {
            throw new SwitchboardException(ErrorCode.Forbidden, exists ? "Only an owner of the hub may change it." : "Only an Administrator may create hubs.");
        }
        var (saved, created) = await service.PutHubAsync(hub, request.DisplayName, request.Encryption?.ToDomain(), Http.IfMatch(http.Request), Http.CallerOf(http), ct);
        Http.SetETag(http.Response, saved.ETag);
        var body = HubResponse.From(saved);
        return created ? TypedResults.Created($"/api/hubs/{hub}", body) : TypedResults.Ok(body);
    }

    private static async Task<Ok<ListResponse<HubResponse>>> ListHubsAsync(HttpContext http, HubService service, CancellationToken ct, int? top = null, string? continuationToken = null)
    {
        var principal = await CallerPrincipals.PrincipalOfAsync(http);
        var page = await service.ListHubsAsync(Http.Top(top), Http.ContinuationOf(http.Request, continuationToken), ct);
        var visible = page.Items.Where(h => principal.Knows(h.Value.Name)).Select(HubResponse.From);
        return TypedResults.Ok(new ListResponse<HubResponse>([.. visible], Http.NextLink(http.Request, page.ContinuationToken)));
    }

    private static async Task<Ok<HubResponse>> GetHubAsync(HttpContext http, string hub, HubService service, CancellationToken ct)
    {
        var found = await service.GetHubAsync(hub, ct);
        Http.SetETag(http.Response, found.ETag);
        return TypedResults.Ok(HubResponse.From(found));
    }

    private static async Task<Results<Created<ProjectResponse>, Ok<ProjectResponse>>> PutProjectAsync(HttpContext http, string hub, string project, HubService service, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<ProjectRequest>(http.Request);
        var (saved, created) = await service.PutProjectAsync(hub, project, request.DisplayName, Http.IfMatch(http.Request), Http.CallerOf(http), ct);
        Http.SetETag(http.Response, saved.ETag);
        var body = ProjectResponse.From(saved);
        return created ? TypedResults.Created($"/api/hubs/{hub}/projects/{project}", body) : TypedResults.Ok(body);
    }

    private static async Task<Ok<ListResponse<ProjectResponse>>> ListProjectsAsync(HttpContext http, string hub, HubService service, CancellationToken ct, int? top = null, string? continuationToken = null)
    {
        var principal = await CallerPrincipals.PrincipalOfAsync(http);
        var page = await service.ListProjectsAsync(hub, Http.Top(top), Http.ContinuationOf(http.Request, continuationToken), ct);
        var visible = page.Items.Where(p => principal.May(Permission.Read, hub, p.Value.Name)).Select(ProjectResponse.From);
        return TypedResults.Ok(new ListResponse<ProjectResponse>([.. visible], Http.NextLink(http.Request, page.ContinuationToken)));
    }

    private static async Task<Ok<ProjectResponse>> GetProjectAsync(HttpContext http, string hub, string project, HubService service, CancellationToken ct)
    {
        var found = await service.GetProjectAsync(hub, project, ct);
        Http.SetETag(http.Response, found.ETag);
        return TypedResults.Ok(ProjectResponse.From(found));
    }
}

public sealed record HubRequest(string? DisplayName, EncryptionContract? Encryption);

public sealed record ProjectRequest(string? DisplayName);

public sealed record EncryptionContract(KeySource KeySource, Uri? KeyVaultUri, string? KeyName, string? KeyVersion)
{
    public HubEncryption ToDomain() => new(KeySource, KeyVaultUri, KeyName, KeyVersion);
}

public sealed record HubResponse(string Name, string? DisplayName, EncryptionContract Encryption, string State,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset UpdatedAt, string UpdatedBy, string Etag)
{
    public static HubResponse From(Versioned<Hub> v)
    {
        var h = v.Value;
        return new HubResponse(h.Name, h.DisplayName,
            new EncryptionContract(h.Encryption.KeySource, h.Encryption.KeyVaultUri, h.Encryption.KeyName, h.Encryption.KeyVersion),
            h.State.ToString(), h.Stamp.CreatedAt, h.Stamp.CreatedBy, h.Stamp.UpdatedAt, h.Stamp.UpdatedBy, v.ETag);
    }
}

public sealed record ProjectResponse(string Hub, string Name, string? DisplayName,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset UpdatedAt, string UpdatedBy, string Etag)
{
    public static ProjectResponse From(Versioned<Project> v) => new(v.Value.Hub, v.Value.Name, v.Value.DisplayName,
        v.Value.Stamp.CreatedAt, v.Value.Stamp.CreatedBy, v.Value.Stamp.UpdatedAt, v.Value.Stamp.UpdatedBy, v.ETag);
}
