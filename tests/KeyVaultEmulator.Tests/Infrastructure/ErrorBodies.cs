using System.Text.Json;
using Azure;

namespace Switchboard.KeyVaultEmulator.Tests.Infrastructure;

/// <summary>Reads Key Vault's error body back out of a failed SDK call.</summary>
internal static class ErrorBodies
{
    public static string? InnerCode(RequestFailedException e)
    {
        var body = e.GetRawResponse()?.Content.ToObjectFromJson<JsonElement>() ?? default;
        return body.ValueKind == JsonValueKind.Object
            && body.GetProperty("error").TryGetProperty("innererror", out var inner)
            ? inner.GetProperty("code").GetString()
            : null;
    }
}
