using System.Text.Json;

namespace Switchboard.Core.Operations;

/// <summary>An operation as it stands: the orchestration's runtime status, and the progress it reported.</summary>
public sealed record OperationState(
    string Id,
    string Name,
    OperationStatus Status,
    string Resource,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    OperationProgress Progress,
    JsonElement? Output,
    OperationError? Error)
{
    public bool IsLive => Status is OperationStatus.Pending or OperationStatus.Running;
}

public enum OperationStatus
{
    Pending,
    Running,
    Completed,
    Failed,
    Terminated,
}

public sealed record OperationError(string Code, string Message);
