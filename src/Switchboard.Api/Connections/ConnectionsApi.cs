using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.Core.Connections;
using Switchboard.Core.Errors;
using Switchboard.Core.Ports;
using Switchboard.Core.Providers;
using Switchboard.Core.Access;
using Switchboard.Api.Access;
using Switchboard.Api.Api;

namespace Switchboard.Api.Connections;

/// <summary>Connections at hub scope (<c>/api/hubs/{hub}</c>) and project scope (<c>/api/hubs/{hub}/projects/{project}</c>).</summary>
public static class ConnectionsApi
{
    public static void MapConnectionsApi(this IEndpointRouteBuilder app)
    {
        Map(app.MapGroup("/api/hubs/{hub}/connections"), "Hub");
        Map(app.MapGroup("/api/hubs/{hub}/projects/{project}/connections"), "Project");
    }

    private static void Map(RouteGroupBuilder group, string scope)
    {
        group.WithTags("Connections").CheckAccess();
        group.MapPost("/", CreateAsync).WithName($"Create{scope}Connection").WithSummary($"Create a {scope.ToLowerInvariant()} connection")
            .Accepts<ConnectionRequest>("application/json").ProducesProblem(400).ProducesProblem(409).Requires(Permission.Write);
        group.MapGet("/", ListAsync).WithName($"List{scope}Connections").WithSummary($"List the connections of a {scope.ToLowerInvariant()}").Requires(Permission.Read);
        group.MapGet("/{alias}", GetAsync).WithName($"Get{scope}Connection").WithSummary("Get a connection").Requires(Permission.Read);
        group.MapPatch("/{alias}", UpdateAsync).WithName($"Update{scope}Connection").WithSummary("Update a connection (JSON merge patch)")
            .Accepts<ConnectionRequest>("application/merge-patch+json", "application/json").ProducesProblem(409).ProducesProblem(412).Requires(Permission.Write);
        group.MapDelete("/{alias}", DeleteAsync).WithName($"Delete{scope}Connection").WithSummary("Delete a connection and its secret")
            .ProducesProblem(409).Requires(Permission.Delete);
        group.MapPost("/{alias}/disable", (HttpContext http, string alias, ConnectionService service, TimeProvider clock, CancellationToken ct) =>
                SetActiveAsync(http, alias, false, service, clock, ct))
            .WithName($"Disable{scope}Connection").WithSummary("Disable a connection").Requires(Permission.Write);
        group.MapPost("/{alias}/enable", (HttpContext http, string alias, ConnectionService service, TimeProvider clock, CancellationToken ct) =>
                SetActiveAsync(http, alias, true, service, clock, ct))
            .WithName($"Enable{scope}Connection").WithSummary("Enable a connection").Requires(Permission.Write);
        group.MapPost("/{alias}/listSecrets", ListSecretsAsync).WithName($"List{scope}ConnectionSecrets")
            .WithSummary("Reveal a connection's credentials (audited)").ProducesProblem(409).Requires(Permission.ListSecrets);
        group.MapPost("/{alias}/test", TestAsync).WithName($"Test{scope}Connection").WithSummary("Test a connection against its target").Requires(Permission.Write);
        group.MapPut("/{alias}/dependents/{id}", PutDependentAsync).WithName($"Put{scope}ConnectionDependent")
            .WithSummary("Register something that uses the connection").Accepts<DependentRequest>("application/json").Requires(Permission.Write);
        group.MapGet("/{alias}/dependents", ListDependentsAsync).WithName($"List{scope}ConnectionDependents").WithSummary("List a connection's dependents").Requires(Permission.Read);
        group.MapDelete("/{alias}/dependents/{id}", DeleteDependentAsync).WithName($"Delete{scope}ConnectionDependent").WithSummary("Remove a dependent").Requires(Permission.Write);
    }

    public static ConnectionScope ScopeOf(HttpContext http) =>
        new((string)http.GetRouteValue("hub")!, http.GetRouteValue("project") as string);

    private static string LocationOf(ConnectionScope scope, string alias) =>
        (scope.Project is null ? $"/api/hubs/{scope.Hub}" : $"/api/hubs/{scope.Hub}/projects/{scope.Project}") + $"/connections/{alias}";

    private static async Task<IResult> CreateAsync(HttpContext http, ConnectionService service, IdempotentRequests idempotency, TimeProvider clock, CancellationToken ct)
    {
        var scope = ScopeOf(http);
        var body = await JsonBody.ReadNodeAsync(http.Request);
        return await idempotency.RunAsync(http, scope, body, async () =>
        {
            var request = JsonBody.Convert<ConnectionRequest>(body);
            var created = await service.CreateAsync(scope, request.ToInput(), Http.CallerOf(http), ct);
            return new IdempotentRequests.Outcome(StatusCodes.Status201Created, LocationOf(scope, created.Value.Alias), created.ETag,
                ConnectionResponse.From(created, clock.GetUtcNow()));
        });
    }

    private static async Task<Ok<ListResponse<ConnectionResponse>>> ListAsync(
        HttpContext http, ConnectionService service, IKeyVaultConnectionStore vaults, TimeProvider clock, CancellationToken ct,
        string? provider = null, string? status = null, string? credentialStatus = null, string? expiringWithin = null,
        int? top = null, string? continuationToken = null)
    {
        var now = clock.GetUtcNow();
        var scope = ScopeOf(http);
        var query = ConnectionFilters.Parse(provider, status, credentialStatus, expiringWithin, now);
        var page = await service.ListAsync(scope, query, Http.Top(top), Http.ContinuationOf(http.Request, continuationToken), ct);
        var items = page.Items.Select(c => ConnectionResponse.From(c, now)).ToList();
        // The hub's Key Vault connection leads the hub's first page, as the first connection it must be.
        var listsKeyVault = scope.IsHub && continuationToken is null && provider is null or ProviderCatalog.KeyVaultProviderId
            && status is null && credentialStatus is null && expiringWithin is null;
        if (listsKeyVault && await vaults.GetAsync(scope.Hub, ct) is { } vault)
        {
            items.Insert(0, ConnectionResponse.From(vault));
        }
        return TypedResults.Ok(new ListResponse<ConnectionResponse>(items, Http.NextLink(http.Request, page.ContinuationToken)));
    }

    private static async Task<Ok<ConnectionResponse>> GetAsync(HttpContext http, string alias, ConnectionService service, TimeProvider clock, CancellationToken ct)
    {
        var found = await service.GetAsync(ScopeOf(http), alias, ct);
        return Single(http, found, clock);
    }

    private const int MaxPatchAttempts = 20;

    private static async Task<Ok<ConnectionResponse>> UpdateAsync(HttpContext http, string alias, ConnectionService service, TimeProvider clock, CancellationToken ct)
    {
        var scope = ScopeOf(http);
        var patch = await JsonBody.ReadNodeAsync(http.Request, allowMergePatch: true);
        var ifMatch = Http.IfMatch(http.Request);
        for (var attempt = 1; ; attempt++)
        {
            var current = await service.GetAsync(scope, alias, ct);
            var merged = MergePatch.Apply(JsonNode.Parse(ConnectionResponse.AsRequest(current.Value).GetRawText()), patch.DeepClone());
            var request = JsonBody.Convert<ConnectionRequest>(merged);
            try
            {
                var updated = await service.UpdateAsync(scope, alias, request.ToInput(), ifMatch ?? current.ETag, Http.CallerOf(http), ct);
                return Single(http, updated, clock);
            }
            catch (SwitchboardException e) when (e.Code == ErrorCode.PreconditionFailed && ifMatch is null && attempt < MaxPatchAttempts)
            {
                // Without If-Match the patch applies to whatever is stored: a concurrent write only means merging again.
            }
        }
    }

    private static async Task<NoContent> DeleteAsync(HttpContext http, string alias, ConnectionService service, CancellationToken ct, bool force = false)
    {
        await service.DeleteAsync(ScopeOf(http), alias, force, Http.IfMatch(http.Request), Http.CallerOf(http), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ConnectionResponse>> SetActiveAsync(HttpContext http, string alias, bool active, ConnectionService service, TimeProvider clock, CancellationToken ct)
    {
        var saved = await service.SetActiveAsync(ScopeOf(http), alias, active, Http.IfMatch(http.Request), Http.CallerOf(http), ct);
        return Single(http, saved, clock);
    }

    private static async Task<Ok<SecretsResponse>> ListSecretsAsync(HttpContext http, string alias, CredentialReader reader, CancellationToken ct, string? version = null)
    {
        var previous = version switch
        {
            null or "current" => false,
            "previous" => true,
            _ => throw Core.Errors.SwitchboardException.Validation("version", "'current' or 'previous'."),
        };
        var revealed = await reader.ListSecretsAsync(ScopeOf(http), alias, previous, Http.IfMatch(http.Request), Http.CallerOf(http), ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new SecretsResponse(revealed.Credentials, revealed.SecretVersion, revealed.Unresolved.Count == 0 ? null : revealed.Unresolved));
    }

    private static async Task<Ok<TestResponse>> TestAsync(HttpContext http, string alias, ConnectionTester tester, CancellationToken ct) =>
        TypedResults.Ok(await tester.TestAsync(ScopeOf(http), alias, Http.IfMatch(http.Request), Http.CallerOf(http), ct));

    private static async Task<Ok<DependentResponse>> PutDependentAsync(HttpContext http, string alias, string id, ConnectionService service, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<DependentRequest>(http.Request);
        var saved = await service.PutDependentAsync(ScopeOf(http), alias, id, request.Kind ?? "", request.Name, Http.CallerOf(http), ct);
        Http.SetETag(http.Response, saved.ETag);
        return TypedResults.Ok(DependentResponse.From(saved));
    }

    private static async Task<Ok<ListResponse<DependentResponse>>> ListDependentsAsync(HttpContext http, string alias, ConnectionService service, CancellationToken ct)
    {
        var list = await service.ListDependentsAsync(ScopeOf(http), alias, ct);
        return TypedResults.Ok(new ListResponse<DependentResponse>([.. list.Select(DependentResponse.From)], null));
    }

    private static async Task<NoContent> DeleteDependentAsync(HttpContext http, string alias, string id, ConnectionService service, CancellationToken ct)
    {
        await service.DeleteDependentAsync(ScopeOf(http), alias, id, Http.CallerOf(http), ct);
        return TypedResults.NoContent();
    }

    private static Ok<ConnectionResponse> Single(HttpContext http, Versioned<Connection> connection, TimeProvider clock)
    {
        Http.SetETag(http.Response, connection.ETag);
        return TypedResults.Ok(ConnectionResponse.From(connection, clock.GetUtcNow()));
    }
}
