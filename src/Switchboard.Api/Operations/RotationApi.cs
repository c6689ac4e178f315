using Switchboard.Core;
using Switchboard.Core.Access;
using Switchboard.Core.Connections;
using Switchboard.Api.Access;
using Switchboard.Api.Api;
using Switchboard.Api.Connections;
using Switchboard.Core.Operations;

namespace Switchboard.Api.Operations;

/// <summary>
/// <c>POST {scope}/connections/{alias}/rotate</c>: writes the new (or generated) credentials as a pending secret
/// version and starts the Rotation workflow with only that version's id. 202 with the operation.
/// </summary>
public static class RotationApi
{
    public static void MapRotationApi(this IEndpointRouteBuilder app)
    {
        foreach (var (prefix, scope) in new[] { ("/api/hubs/{hub}/connections", "Hub"), ("/api/hubs/{hub}/projects/{project}/connections", "Project") })
        {
            app.MapPost(prefix + "/{alias}/rotate", RotateAsync).WithTags("Connections").CheckAccess().Requires(Permission.Write)
                .WithName($"Rotate{scope}Connection").WithSummary("Rotate a connection's credentials without downtime")
                .Accepts<RotateRequest>("application/json").Produces<OperationResponse>(202).ProducesProblem(409);
        }
    }

    private static async Task<IResult> RotateAsync(HttpContext http, string alias, ConnectionService connections, RotationStarter starter,
        IOperations operations, CancellationToken ct)
    {
        var scope = ConnectionsApi.ScopeOf(http);
        var request = await JsonBody.ReadOptionalAsync<RotateRequest>(http.Request);
        var (connection, etag) = await connections.GetAsync(scope, alias, ct);
        Preconditions.Check(Http.IfMatch(http.Request), etag);
        if (await starter.RunningAsync(connection, ct) is { } running)
        {
            throw OperationsApi.InProgress(running, $"A rotation of connection '{alias}'");
        }
        var id = await starter.StartAsync(scope, connection, request.Credentials, Http.CallerOf(http), request.RevokePrevious, ct);
        return await OperationsApi.AcceptedAsync(http, operations, id, ct);
    }
}

public sealed record RotateRequest
{
    public Dictionary<string, string>? Credentials { get; init; }

    /// <summary>For a leaked credential: the previous version is disabled as soon as the new one is current.</summary>
    public bool RevokePrevious { get; init; }
}
