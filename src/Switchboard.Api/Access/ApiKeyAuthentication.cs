using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Switchboard.Core.Access;

namespace Switchboard.Api.Access;

/// <summary>
/// <c>x-api-key</c>: the bootstrap admin key, or a key created through the API (one point read to check it).
/// A bad, expired or revoked key is a 401; the key itself is never logged.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccessService access, IOptions<AccessOptions> accessOptions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "x-api-key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = Request.Headers[Header].ToString();
        if (key.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }
        var principal = IsAdminKey(key)
            ? new Principal("admin-key", IsAdministrator: true, [])
            : await access.AuthenticateKeyAsync(key, Context.RequestAborted);
        if (principal is null)
        {
            return AuthenticateResult.Fail("The API key is not valid, has expired or was revoked.");
        }
        return AuthenticateResult.Success(new AuthenticationTicket(CallerPrincipals.ToClaims(principal, SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"ApiKey header=\"{Header}\"";
        return Task.CompletedTask;
    }

    // Compared as hashes in constant time, so neither length nor content leaks through timing.
    private bool IsAdminKey(string key) =>
        accessOptions.Value.AdminKey is { Length: > 0 } admin
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(key)), SHA256.HashData(Encoding.UTF8.GetBytes(admin)));
}

/// <summary>Only in tests: a request without credentials is the platform Administrator "development".</summary>
public sealed class AnonymousAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Anonymous";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(
            CallerPrincipals.ToClaims(new Principal("development", IsAdministrator: true, []), SchemeName), SchemeName)));
}
