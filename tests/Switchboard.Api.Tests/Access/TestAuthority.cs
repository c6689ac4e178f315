using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Access;

/// <summary>
/// An Entra ID stand-in: serves OpenID Connect metadata and a JWKS with the tests' own signing key, and mints
/// tokens with it. The service is configured with this authority exactly as it would be with Entra ID.
/// </summary>
public sealed class TestAuthority : IAsyncDisposable
{
    public const string Audience = "api://switchboard-tests";
    private readonly WebApplication server;
    private readonly RsaSecurityKey key = new(RSA.Create(2048)) { KeyId = "test-key-1" };

    private TestAuthority(WebApplication server, string issuer)
    {
        this.server = server;
        Issuer = issuer;
    }

    public string Issuer { get; }

    public static async Task<TestAuthority> StartAsync()
    {
        var port = FreePort.Next();
        var issuer = $"http://127.0.0.1:{port}/tenant/v2.0";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var authority = new TestAuthority(app, issuer);
        app.MapGet("/tenant/v2.0/.well-known/openid-configuration", () => Results.Json(new
        {
            issuer,
            jwks_uri = $"http://127.0.0.1:{port}/tenant/discovery/v2.0/keys",
            id_token_signing_alg_values_supported = new[] { "RS256" },
        }));
        app.MapGet("/tenant/discovery/v2.0/keys", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(authority.key.Rsa.ExportParameters(false)) { KeyId = authority.key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, n = jwk.N, e = jwk.E, alg = "RS256" } } });
        });
        await app.StartAsync();
        return authority;
    }

    /// <summary>A token for a principal; every property can be spoiled to test a refusal.</summary>
    public string Token(string objectId, string[]? roles = null, string? audience = null, string? issuer = null, TimeSpan? expiresIn = null, SecurityKey? signingKey = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromHours(1));
        var claims = new List<Claim> { new("oid", objectId), new("sub", objectId), new("tid", "tenant") };
        claims.AddRange((roles ?? []).Select(r => new Claim("roles", r)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = issuer ?? Issuer,
            Audience = audience ?? Audience,
            NotBefore = expires < now ? expires.AddHours(-1) : now.AddMinutes(-1),
            IssuedAt = expires < now ? expires.AddHours(-1) : now.AddMinutes(-1),
            Expires = expires,
            SigningCredentials = new SigningCredentials(signingKey ?? key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The settings that make the service trust this authority.</summary>
    public void Configure(SwitchboardApplication app) => app
        .With("Switchboard:Auth:Authority", Issuer)
        .With("Switchboard:Auth:Audience", Audience)
        .With("Switchboard:Auth:RequireHttpsMetadata", "false");

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
