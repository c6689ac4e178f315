using System.Text.Json;
using Switchboard.Core.Operations;

namespace Switchboard.Workflows.Progress;

/// <summary>
/// Reads an orchestration instance as an operation, whichever client fetched it: the resource from its input,
/// progress and history from its custom status (see <see cref="OperationSteps"/>), the error from the custom
/// status or, failing that, from the failure's message.
/// </summary>
public static class OperationStateReader
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static OperationState Read(string id, string name, OperationStatus status, DateTimeOffset createdAt, DateTimeOffset lastUpdatedAt,
        string? input, string? output, string? customStatus, string? failureMessage)
    {
        var progress = Parse<OperationProgress>(customStatus) ?? OperationProgress.None;
        var error = status switch
        {
            OperationStatus.Failed => progress.Error
                ?? OperationFailedException.ErrorOf(failureMessage)
                ?? OperationFailedException.ErrorOf(Text(output))
                ?? new OperationError("Failed", failureMessage ?? Text(output) ?? "The operation failed."),
            OperationStatus.Terminated => new OperationError("Terminated", Text(output) ?? "The operation was terminated."),
            _ => null,
        };
        return new OperationState(id, name, status, ResourceOf(input), createdAt, lastUpdatedAt, progress,
            status == OperationStatus.Completed ? Parse<JsonElement?>(output) : null, error);
    }

    private static string ResourceOf(string? input) =>
        Parse<JsonElement?>(input) is { ValueKind: JsonValueKind.Object } o
        && (o.TryGetProperty("Resource", out var r) || o.TryGetProperty("resource", out r)) && r.ValueKind == JsonValueKind.String
            ? r.GetString()! : "";

    private static T? Parse<T>(string? json)
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
        Parse<JsonElement?>(output) is { ValueKind: JsonValueKind.String } s ? s.GetString() : output;
}
