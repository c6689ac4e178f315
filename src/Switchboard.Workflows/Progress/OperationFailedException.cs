using System.Text.RegularExpressions;
using Switchboard.Core.Operations;

namespace Switchboard.Workflows.Progress;

/// <summary>
/// Ends an orchestration as Failed with an error code the operations API shows. The message carries the code as
/// <c>[Code] message</c>, so the error can be read back from the instance's failure even when the last custom
/// status did not reach storage.
/// </summary>
public sealed partial class OperationFailedException(string code, string message) : Exception($"[{code}] {message}")
{
    public string Code { get; } = code;

    /// <summary>The error a failure message names, or null when it is not one of ours.</summary>
    public static OperationError? ErrorOf(string? failureMessage) =>
        failureMessage is not null && Format().Match(failureMessage) is { Success: true } m ? new OperationError(m.Groups[1].Value, m.Groups[2].Value) : null;

    [GeneratedRegex(@"^\[([A-Za-z]+)\] (.*)$", RegexOptions.Singleline)]
    private static partial Regex Format();
}
