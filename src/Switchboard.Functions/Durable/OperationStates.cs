using System.Text.Json;
using DurableTask.Core;
using Switchboard.Core.Operations;
using Switchboard.Workflows.Progress;

namespace Switchboard.Functions.Durable;

/// <summary>Reads an orchestration instance as an operation: its status, the resource from its input, its progress from its custom status.</summary>
public static class OperationStates
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static OperationState From(OrchestrationState state)
    {
        var status = state.OrchestrationStatus switch
        {
            OrchestrationStatus.Pending => Core.Operations.OperationStatus.Pending,
            OrchestrationStatus.Running or OrchestrationStatus.ContinuedAsNew => Core.Operations.OperationStatus.Running,
            OrchestrationStatus.Completed => Core.Operations.OperationStatus.Completed,
            OrchestrationStatus.Failed => Core.Operations.OperationStatus.Failed,
            _ => Core.Operations.OperationStatus.Terminated,
        };
        var progress = Read<OperationProgress>(state.Status) ?? OperationProgress.None;
        var error = status switch
        {
            Core.Operations.OperationStatus.Failed => progress.Error
                ?? OperationFailedException.ErrorOf(state.FailureDetails?.ErrorMessage)
                ?? OperationFailedException.ErrorOf(Text(state.Output))
                ?? new OperationError("Failed", state.FailureDetails?.ErrorMessage ?? Text(state.Output) ?? "The operation failed."),
            Core.Operations.OperationStatus.Terminated => new OperationError("Terminated", Text(state.Output) ?? "The operation was terminated."),
            _ => null,
        };
        return new OperationState(state.OrchestrationInstance.InstanceId, state.Name, status, ResourceOf(state.Input),
            new DateTimeOffset(DateTime.SpecifyKind(state.CreatedTime, DateTimeKind.Utc)),
            new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)),
            progress, status == Core.Operations.OperationStatus.Completed ? Read<JsonElement?>(state.Output) : null, error);
    }

    private static string ResourceOf(string? input) =>
        Read<JsonElement?>(input) is { ValueKind: JsonValueKind.Object } o
        && (o.TryGetProperty("Resource", out var r) || o.TryGetProperty("resource", out r)) && r.ValueKind == JsonValueKind.String
            ? r.GetString()! : "";

    private static T? Read<T>(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return default;
        }
        try
        {
            return JsonSerializer.Deserialize<T>(json, Json);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>A reason or error as text: outputs are JSON, a plain string is unquoted.</summary>
    private static string? Text(string? output) =>
        Read<JsonElement?>(output) is { ValueKind: JsonValueKind.String } s ? s.GetString() : output;
}
