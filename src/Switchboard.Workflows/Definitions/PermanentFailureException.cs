namespace Switchboard.Workflows;

/// <summary>
/// Thrown by a step to fail the workflow at once (same as returning <c>Fail(code, message)</c>); any other
/// exception is taken as transient and retried. Thrown by a compensation, it gives up on that compensation.
/// </summary>
public sealed class PermanentFailureException(string code, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string Code { get; } = code;
}
