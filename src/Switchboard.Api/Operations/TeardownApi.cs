using Switchboard.Core.Access;
using Switchboard.Core.Teardown;
using Switchboard.Api.Access;
using Switchboard.Api.Api;
using Switchboard.Core.Operations;
using Switchboard.Workflows.Teardown;

namespace Switchboard.Api.Operations;

/// <summary><c>DELETE</c> of a hub or a project: writes are refused at once, and a Teardown operation removes it all.</summary>
public static class TeardownApi
{
    public static void MapTeardownApi(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/api/hubs/{hub}", DeleteAsync).WithTags("Hubs").CheckAccess().Requires(Permission.Delete)
            .WithName("DeleteHub").WithSummary("Delete a hub with its projects, connections and secrets").Produces<OperationResponse>(202);
        app.MapDelete("/api/hubs/{hub}/projects/{project}", DeleteAsync).WithTags("Projects").CheckAccess().Requires(Permission.Delete)
            .WithName("DeleteProject").WithSummary("Delete a project with its connections and secrets").Produces<OperationResponse>(202);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string hub, TeardownService teardown, IOperations operations, CancellationToken ct)
    {
        var project = http.GetRouteValue("project") as string;
        await teardown.CheckExistsAsync(hub, project, ct);
        var caller = Http.CallerOf(http);
        var target = new TeardownTarget(hub, project, caller.ActorId, caller.CorrelationId);
        var id = TeardownOrchestrator.InstanceIdFor(hub, project);
        // Closed to writes before the answer, so nothing is created behind the teardown's back.
        await teardown.BeginAsync(target, ct);
        try
        {
            await operations.StartAsync(project is null ? HubTeardownOrchestrator.Name : ProjectTeardownOrchestrator.Name,
                id, new TeardownRequest(target), ct);
        }
        catch (OperationAlreadyRunningException)
        {
            throw OperationsApi.InProgress(id, project is null ? $"The deletion of hub '{hub}'" : $"The deletion of project '{project}'");
        }
        return await OperationsApi.AcceptedAsync(http, operations, id, ct);
    }
}
