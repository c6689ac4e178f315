using Azure;
using Azure.Data.Tables;

namespace Switchboard.Workflows.Storage;

/// <summary>
/// One history event, stored in its instance's partition of the instances table (beside the row keyed
/// <c>instance</c>), so a commit writes the instance row and its events in one entity group transaction.
/// Row key: <c>h|{executionId}|{sequence:D10}</c>, which sorts an execution's events in order.
/// </summary>
internal sealed class HistoryEntity : ITableEntity
{
    private const string Prefix = "h|";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public long Sequence { get; set; }
    public string EventType { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string? StepName { get; set; }
    public int? StepIndex { get; set; }
    public int? Attempt { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public DateTimeOffset? WakeAt { get; set; }
    public string? Detail { get; set; }

    public static string RowKeyOf(string executionId, long sequence) => $"{Prefix}{executionId}|{sequence:D10}";

    // '}' sorts right after '|': every row key of an execution lies between the two.
    public static (string From, string To) RangeOf(string executionId) => ($"{Prefix}{executionId}|", $"{Prefix}{executionId}}}");
}

/// <summary>A history event before it has a sequence number.</summary>
internal sealed record HistoryRecord(
    WorkflowHistoryEventType Type,
    DateTimeOffset At,
    string? StepName = null,
    int? StepIndex = null,
    int? Attempt = null,
    string? ErrorCode = null,
    string? ErrorMessage = null,
    DateTimeOffset? WakeAt = null,
    string? Detail = null);
