namespace Switchboard.Core.Errors;

/// <summary>
/// A rule said no. Carries the API's error code and a message fit for the caller: it never holds a
/// credential or a resolved configuration value.
/// </summary>
public class SwitchboardException(ErrorCode code, string message, IReadOnlyDictionary<string, string[]>? errors = null)
    : Exception(message)
{
    public ErrorCode Code { get; } = code;

    /// <summary>For <see cref="ErrorCode.ValidationFailed"/>: field -> messages.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; } = errors;

    /// <summary>Where a conflicting operation can be watched (for <see cref="ErrorCode.OperationInProgress"/>).</summary>
    public string? OperationId { get; init; }

    public static SwitchboardException Validation(string field, string message) =>
        new(ErrorCode.ValidationFailed, message, new Dictionary<string, string[]> { [field] = [message] });

    public static SwitchboardException NotFound(string what) => new(ErrorCode.NotFound, $"{what} was not found.");
}
