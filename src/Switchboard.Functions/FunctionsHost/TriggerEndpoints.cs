using System.Text.Json;
using System.Text.Json.Serialization;
using Switchboard.Workflows;

namespace Switchboard.Functions.FunctionsHost;

/// <summary>
/// The custom-handler protocol for non-HTTP triggers: the Functions host POSTs <c>{"Data": {...}, "Metadata": {...}}</c>
/// to <c>/{FunctionName}</c> and expects <c>{"Outputs", "Logs", "ReturnValue"}</c>; any non-2xx fails the invocation
/// (a queue message is then retried, and after 5 dequeues moved to the poison queue). Mapped only under the
/// Functions host, outside <c>/api</c>, where only the host on loopback can reach them.
/// </summary>
public static class TriggerEndpoints
{
    public const string DispatchFunction = "WorkflowDispatch";
    public const string QueueBinding = "message";
    public const string TimerBinding = "timer";

    public static void MapTriggerEndpoints(this WebApplication app)
    {
        if (HostingMode.IsStandalone(app.Configuration))
        {
            return;
        }
        app.MapPost("/" + DispatchFunction, DispatchAsync).AllowAnonymous().ExcludeFromDescription();
        foreach (var job in Schedules.All.Keys)
        {
            app.MapPost("/" + job, (InvocationRequest request, TimerJobs jobs, CancellationToken ct) => RunTimerAsync(job, jobs, ct))
                .AllowAnonymous().ExcludeFromDescription();
        }
    }

    private static async Task<IResult> DispatchAsync(InvocationRequest request, WorkflowEngine engine, CancellationToken ct)
    {
        if (request.Data is null || !request.Data.TryGetValue(QueueBinding, out var item))
        {
            return Results.BadRequest(new InvocationResponse([$"No '{QueueBinding}' binding in the invocation."]));
        }
        // A queue item arrives as a JSON string; the engine also copes with a JSON-quoted one.
        var message = item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText();
        await engine.ProcessMessageAsync(message, ct);
        return Results.Ok(new InvocationResponse([]));
    }

    private static async Task<IResult> RunTimerAsync(string job, TimerJobs jobs, CancellationToken ct)
    {
        await jobs.RunAsync(job, ct);
        return Results.Ok(new InvocationResponse([$"{job} ran."]));
    }
}

/// <summary>An invocation from the Functions host.</summary>
public sealed record InvocationRequest(Dictionary<string, JsonElement>? Data, Dictionary<string, JsonElement>? Metadata);

/// <summary>The answer the Functions host expects, with its property names as the host spells them.</summary>
public sealed record InvocationResponse([property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs)
{
    [JsonPropertyName("Outputs")]
    public Dictionary<string, object?> Outputs { get; } = [];

    [JsonPropertyName("ReturnValue")]
    public object? ReturnValue => null;
}
