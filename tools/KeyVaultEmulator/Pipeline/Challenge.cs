using Switchboard.KeyVaultEmulator.Errors;

namespace Switchboard.KeyVaultEmulator.Pipeline;

/// <summary>
/// The bearer challenge. The SDK's first request to a vault carries no token and no body; it
/// expects 401 with this WWW-Authenticate, reads the scope from <c>resource</c>, asks its
/// credential for a token and resends. Any bearer token is then accepted.
/// </summary>
internal static class Challenge
{
    public const string TenantId = "00000000-0000-0000-0000-000000000000";

    public const string WwwAuthenticate =
        $"Bearer authorization=\"https://login.microsoftonline.com/{TenantId}\", resource=\"https://vault.azure.net\"";

    public static bool HasBearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > "Bearer ".Length
            && !string.IsNullOrWhiteSpace(header["Bearer ".Length..]);
    }

    public static Task WriteAsync(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = WwwAuthenticate;
        return KeyVaultErrors.Unauthorized().WriteAsync(context);
    }
}
