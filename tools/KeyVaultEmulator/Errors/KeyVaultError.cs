using System.Text.Json.Serialization;

namespace Switchboard.KeyVaultEmulator.Errors;

/// <summary>
/// An error answered in Key Vault's own shape, <c>{"error":{"code","message","innererror":{"code"}}}</c>.
/// Azure.Core reads <c>error.code</c> into <c>RequestFailedException.ErrorCode</c>, so the codes here
/// are exactly the service's.
/// </summary>
public sealed record KeyVaultError(int Status, string Code, string Message, string? InnerCode = null)
{
    internal ErrorEnvelope ToBody() =>
        new(new ErrorDetail(Code, Message, InnerCode is null ? null : new InnerError(InnerCode)));

    internal Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = Status;
        return context.Response.WriteAsJsonAsync(ToBody(), EmulatorJson.Options, context.RequestAborted);
    }
}

internal sealed record ErrorEnvelope(ErrorDetail Error);

internal sealed record ErrorDetail(
    string Code,
    string Message,
    [property: JsonPropertyName("innererror")] InnerError? InnerError);

internal sealed record InnerError(string Code);

/// <summary>Thrown by the secret store and handlers; the vault pipeline turns it into the error response.</summary>
public sealed class KeyVaultErrorException(KeyVaultError error) : Exception(error.Message)
{
    public KeyVaultError Error { get; } = error;
}
