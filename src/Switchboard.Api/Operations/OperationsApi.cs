using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.Core.Access;
using Switchboard.Core.Errors;
using Switchboard.Core.Operations;
using Switchboard.Api.Access;

namespace Switchboard.Api.Operations;

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
    public static async Task<IResult> AcceptedAsync(HttpContext http, IOperations operations, string id, CancellationToken ct)
    {
        var status = await operations.GetAsync(id, ct) ?? throw SwitchboardException.NotFound($"Operation '{id}'");
        SetPollingHeaders(http, id);
        return TypedResults.Json(OperationResponse.From(status), statusCode: StatusCodes.Status202Accepted);
    }

    public static string LocationOf(HttpRequest request, string id) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/api/operations/{Uri.EscapeDataString(id)}";

    /// <summary>409 OperationInProgress for work that already runs; the answer's Location points at it.</summary>
    public static SwitchboardException InProgress(string id, string what) =>
        new(ErrorCode.OperationInProgress, $"{what} is already running as operation '{id}'.") { OperationId = id };

    private static async Task<IResult> GetAsync(HttpContext http, string id, IOperations operations, CancellationToken ct, bool showHistory = false)
    {
        var status = await VisibleAsync(http, id, Permission.Read, operations, ct);
        var body = OperationResponse.From(status, showHistory);
        if (status.IsLive)
        {
            SetPollingHeaders(http, id);
            return TypedResults.Json(body, statusCode: StatusCodes.Status202Accepted);
        }
        return TypedResults.Ok(body);
    }

    private static async Task<IResult> TerminateAsync(HttpContext http, string id, IOperations operations, CancellationToken ct)
    {
        await VisibleAsync(http, id, Permission.Delete, operations, ct);
        var outcome = await operations.TerminateAsync(id, "Terminated through the API by " + CallerPrincipals.ActorOf(http.User), ct);
        if (outcome == TerminateOutcome.AlreadyFinished)
        {
            throw new SwitchboardException(ErrorCode.Conflict, $"Operation '{id}' has already finished.");
        }
        return await AcceptedAsync(http, operations, id, ct);
    }

    private static async Task<NoContent> PurgeAsync(HttpContext http, string id, IOperations operations, CancellationToken ct)
    {
        await VisibleAsync(http, id, Permission.Delete, operations, ct);
        try
        {
            await operations.PurgeAsync(id, ct);
        }
        catch (OperationAlreadyRunningException)
        {
            throw new SwitchboardException(ErrorCode.OperationInProgress, $"Operation '{id}' is still running; terminate it first.") { OperationId = id };
        }
        return TypedResults.NoContent();
    }

    /// <summary>An operation is visible to whoever may act on the resource it works on.</summary>
    private static async Task<OperationState> VisibleAsync(HttpContext http, string id, Permission permission, IOperations operations, CancellationToken ct)
    {
        var status = await operations.GetAsync(id, ct) ?? throw SwitchboardException.NotFound($"Operation '{id}'");
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
}

public sealed record OperationProgressResponse(string? Step, int StepIndex, int StepCount);

public sealed record OperationHistoryEvent(long Sequence, string Type, DateTimeOffset Timestamp, string? Step, int? Attempt, DateTimeOffset? WakeAt, string? Detail, OperationError? Error);

/// <summary>An operation as the API shows it (the Durable Functions status, in this API's words).</summary>
public sealed record OperationResponse(
    string Id, string Name, string Status, string Resource, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt,
    OperationProgressResponse Progress, JsonElement? Output, OperationError? Error, IReadOnlyList<OperationHistoryEvent>? History)
{
    public static OperationResponse From(OperationState s, bool withHistory = false) => new(
        s.Id, s.Name, s.Status.ToString(), s.Resource, s.CreatedAt, s.LastUpdatedAt,
        new OperationProgressResponse(s.Progress.Step, s.Progress.StepIndex, s.Progress.StepCount), s.Output, s.Error,
        withHistory ? [.. s.Progress.History.Select(h => new OperationHistoryEvent(h.Sequence, h.Type, h.Timestamp, h.Step, h.Attempt, h.WakeAt, h.Detail, h.Error))] : null);
}
