using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.Core.Access;
using Switchboard.Core.Errors;
using Switchboard.Functions.Access;
using Switchboard.Workflows;

namespace Switchboard.Functions.Operations;

/// <summary>
/// Long-running work as Durable Functions and Logic Apps expect it: 202 with <c>Location</c> and
/// <c>Retry-After</c> while it runs, 200 once it has finished, 404 for an unknown id.
/// </summary>
public static class OperationsApi
{
    public const int RetryAfterSeconds = 2;

    public static void MapOperationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/operations").WithTags("Operations");
        group.MapGet("/{id}", GetAsync).WithName("GetOperation").WithSummary("The state of a long-running operation")
            .Produces<OperationResponse>(200).Produces<OperationResponse>(202);
        group.MapPost("/{id}/terminate", TerminateAsync).WithName("TerminateOperation").WithSummary("Stop a running operation")
            .Produces<OperationResponse>(202);
        group.MapDelete("/{id}", PurgeAsync).WithName("DeleteOperation").WithSummary("Forget a finished operation");
    }

    /// <summary>The 202 that starts the polling: Location, Retry-After and the operation as it stands.</summary>
    public static async Task<IResult> AcceptedAsync(HttpContext http, WorkflowEngine engine, string id, CancellationToken ct)
    {
        var status = await engine.GetStatusAsync(id, false, ct) ?? throw SwitchboardException.NotFound($"Operation '{id}'");
        SetPollingHeaders(http, id);
        return TypedResults.Json(OperationResponse.From(status), statusCode: StatusCodes.Status202Accepted);
    }

    public static string LocationOf(HttpRequest request, string id) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/api/operations/{Uri.EscapeDataString(id)}";

    /// <summary>409 OperationInProgress for work that already runs; the answer's Location points at it.</summary>
    public static SwitchboardException InProgress(string id, string what) =>
        new(ErrorCode.OperationInProgress, $"{what} is already running as operation '{id}'.") { OperationId = id };

    private static async Task<IResult> GetAsync(HttpContext http, string id, WorkflowEngine engine, CancellationToken ct, bool showHistory = false)
    {
        var status = await VisibleAsync(http, id, Permission.Read, engine, showHistory, ct);
        var body = OperationResponse.From(status, showHistory);
        if (status.IsLive())
        {
            SetPollingHeaders(http, id);
            return TypedResults.Json(body, statusCode: StatusCodes.Status202Accepted);
        }
        return TypedResults.Ok(body);
    }

    private static async Task<IResult> TerminateAsync(HttpContext http, string id, WorkflowEngine engine, CancellationToken ct)
    {
        await VisibleAsync(http, id, Permission.Delete, engine, false, ct);
        var outcome = await engine.TerminateAsync(id, "Terminated through the API by " + CallerPrincipals.ActorOf(http.User), ct);
        if (outcome == TerminateOutcome.AlreadyFinished)
        {
            throw new SwitchboardException(ErrorCode.Conflict, $"Operation '{id}' has already finished.");
        }
        return await AcceptedAsync(http, engine, id, ct);
    }

    private static async Task<NoContent> PurgeAsync(HttpContext http, string id, WorkflowEngine engine, CancellationToken ct)
    {
        await VisibleAsync(http, id, Permission.Delete, engine, false, ct);
        try
        {
            await engine.PurgeAsync(id, ct);
        }
        catch (WorkflowNotFinishedException)
        {
            throw new SwitchboardException(ErrorCode.OperationInProgress, $"Operation '{id}' is still running; terminate it first.") { OperationId = id };
        }
        return TypedResults.NoContent();
    }

    /// <summary>An operation is visible to whoever may act on the resource it works on.</summary>
    private static async Task<WorkflowStatus> VisibleAsync(HttpContext http, string id, Permission permission, WorkflowEngine engine, bool history, CancellationToken ct)
    {
        WorkflowStatus? status;
        try
        {
            status = await engine.GetStatusAsync(id, history, ct);
        }
        catch (ArgumentException)
        {
            status = null;
        }
        if (status is null)
        {
            throw SwitchboardException.NotFound($"Operation '{id}'");
        }
        var (hub, project) = OperationResources.ScopeOf(status.Resource);
        var principal = await CallerPrincipals.PrincipalOfAsync(http);
        if (!principal.May(permission, hub, project))
        {
            throw principal.Knows(hub)
                ? new SwitchboardException(ErrorCode.Forbidden, "Your role does not allow this here.")
                : SwitchboardException.NotFound($"Operation '{id}'");
        }
        return status;
    }

    private static void SetPollingHeaders(HttpContext http, string id)
    {
        http.Response.Headers.Location = LocationOf(http.Request, id);
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool IsLive(this WorkflowStatus status) =>
        status.RuntimeStatus is WorkflowRuntimeStatus.Pending or WorkflowRuntimeStatus.Running;
}

/// <summary>What an operation works on, as a path: <c>hubs/{hub}[/projects/{project}][/connections/{alias}]</c>.</summary>
public static class OperationResources
{
    public static string Of(string hub, string? project, string? alias = null) =>
        $"hubs/{hub}" + (project is null ? "" : $"/projects/{project}") + (alias is null ? "" : $"/connections/{alias}");

    public static (string Hub, string? Project) ScopeOf(string resource)
    {
        var parts = resource.Split('/');
        return (parts.Length > 1 ? parts[1] : "", parts.Length > 3 && parts[2] == "projects" ? parts[3] : null);
    }
}

public sealed record OperationProgress(string? Step, int StepIndex, int StepCount);

public sealed record OperationError(string Code, string Message);

public sealed record OperationHistoryEvent(long Sequence, string Type, DateTimeOffset Timestamp, string? Step, int? Attempt, DateTimeOffset? WakeAt, string? Detail, OperationError? Error);

/// <summary>An operation as the API shows it (the Durable Functions status, in this API's words).</summary>
public sealed record OperationResponse(
    string Id, string Name, string Status, string Resource, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt,
    OperationProgress Progress, JsonElement? Output, OperationError? Error, IReadOnlyList<OperationHistoryEvent>? History)
{
    public static OperationResponse From(WorkflowStatus s, bool withHistory = false) => new(
        s.InstanceId, s.Name, s.RuntimeStatus.ToString(), s.Resource, s.CreatedAt, s.UpdatedAt,
        new OperationProgress(s.StepName, s.StepIndex, s.StepCount), s.Output,
        s.Error is null ? null : new OperationError(s.Error.Code, s.Error.Message),
        withHistory ? [.. (s.History ?? []).Select(h => new OperationHistoryEvent(h.Sequence, h.EventType.ToString(), h.Timestamp, h.StepName, h.Attempt, h.WakeAt, h.Detail,
            h.Error is null ? null : new OperationError(h.Error.Code, h.Error.Message)))] : null);
}
