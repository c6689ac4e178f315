using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Switchboard.Core.Access;

namespace Switchboard.Api.Access;

/// <summary>
/// Authentication (Entra ID bearer tokens, API keys), the rule that nothing but health answers without it,
/// and a rate limit per caller.
/// </summary>
public static class AccessSetup
{
    private const string SelectorScheme = "Switchboard";

    public static void AddSwitchboardAccess(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(AccessOptions.Section);
        var options = section.Get<AccessOptions>() ?? new AccessOptions();
        options.AdminKey = builder.Configuration[AccessOptions.AdminKeySetting];
        if (options.AllowAnonymous && !builder.Environment.IsEnvironment("Testing"))
        {
            throw new InvalidOperationException(
                $"Setting '{AccessOptions.Section}:AllowAnonymous' is for tests only; use an API key ({AccessOptions.AdminKeySetting}) instead.");
        }
        builder.Services.AddSingleton(Options.Create(options));

        var authentication = builder.Services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "API key or bearer token", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.ContainsKey(ApiKeyAuthentication.Header) ? ApiKeyAuthentication.SchemeName
                : http.Request.Headers.Authorization.Count > 0 && options.AcceptsTokens ? JwtBearerDefaults.AuthenticationScheme
                : options.AllowAnonymous ? AnonymousAuthentication.SchemeName
                : ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        if (options.AllowAnonymous)
        {
            authentication.AddScheme<AuthenticationSchemeOptions, AnonymousAuthentication>(AnonymousAuthentication.SchemeName, null);
        }
        if (options.AcceptsTokens)
        {
            authentication.AddJwtBearer(jwt =>
            {
                jwt.Authority = options.Authority;
                jwt.Audience = options.Audience;
                jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
                // Keep Entra ID's claim names (oid, roles) instead of the legacy SOAP ones.
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters.RoleClaimType = "roles";
                jwt.TokenValidationParameters.NameClaimType = "oid";
                if (options.ValidIssuers.Count > 0)
                {
                    jwt.TokenValidationParameters.ValidIssuers = options.ValidIssuers;
                }
            });
        }

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(SelectorScheme).RequireAuthenticatedUser().Build());
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (http.User.Identity?.IsAuthenticated != true)
                {
                    return RateLimitPartition.GetNoLimiter("anonymous");
                }
                var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(CallerPrincipals.ActorOf(http.User), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.RequestsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 60;
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = 429, Title = "Too many requests", Detail = $"Too many requests from this caller; retry after {retryAfter} seconds." },
                });
            };
        });
    }

    public static void UseSwitchboardAccess(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
    }
}

public sealed class RateLimitOptions
{
    public const string Section = "Switchboard:RateLimit";

    /// <summary>Requests per minute per caller (API key, principal or admin key).</summary>
    public int RequestsPerMinute { get; set; } = 1200;
}
