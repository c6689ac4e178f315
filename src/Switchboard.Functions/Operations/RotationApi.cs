using Switchboard.Core.Access;
using Switchboard.Core.Connections;
using Switchboard.Core.Errors;
using Switchboard.Core.Ports;
using Switchboard.Core.Rotation;
using Switchboard.Functions.Access;
using Switchboard.Functions.Api;
using Switchboard.Functions.Connections;
using Switchboard.Workflows;
using Switchboard.Workflows.Rotation;

namespace Switchboard.Functions.Operations;

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

    private static async Task<IResult> RotateAsync(HttpContext http, string alias, RotationService rotation, ISecretStore secrets,
        ConnectionService connections, WorkflowEngine engine, CancellationToken ct)
    {
        var scope = ConnectionsApi.ScopeOf(http);
        var request = await JsonBody.ReadOptionalAsync<RotateRequest>(http.Request);
        var connection = (await connections.GetAsync(scope, alias, ct)).Value;
        var id = RotationWorkflow.InstanceIdFor(connection.Id);
        if (await engine.GetStatusAsync(id, false, ct) is { RuntimeStatus: WorkflowRuntimeStatus.Pending or WorkflowRuntimeStatus.Running })
        {
            throw OperationsApi.InProgress(id, $"A rotation of connection '{alias}'");
        }

        var target = await rotation.PrepareAsync(scope, alias, request.Credentials, ct);
        var caller = Http.CallerOf(http);
        try
        {
            await engine.StartAsync(RotationWorkflow.Name, Operations.OperationResources.Of(scope.Hub, scope.Project, alias),
                new RotationState(target, caller.ActorId, caller.CorrelationId), id, ct);
        }
        catch (WorkflowAlreadyRunningException)
        {
            // Another request won the race: its rotation goes on, this one's pending version must never be used.
            await rotation.DiscardAsync(target, CancellationToken.None);
            throw OperationsApi.InProgress(id, $"A rotation of connection '{alias}'");
        }
        await rotation.AuditAsync(target, "rotation.started", caller.ActorId, caller.CorrelationId,
            new Dictionary<string, string> { ["operationId"] = id, ["generated"] = (request.Credentials is null).ToString() }, ct);
        return await OperationsApi.AcceptedAsync(http, engine, id, ct);
    }
}

public sealed record RotateRequest
{
    public Dictionary<string, string>? Credentials { get; init; }
}
