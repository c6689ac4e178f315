using System.Security.Claims;
using Switchboard.Core.Errors;
using Switchboard.Functions.Api;

namespace Switchboard.Functions.Hosting;

/// <summary>
/// Until real authentication is configured, every route but health refuses callers with 401, unless the
/// explicit setting <c>Switchboard:Auth:AllowAnonymous</c> is true (local development and tests only).
/// </summary>
public static class DevelopmentAccess
{
    public const string Setting = "Switchboard:Auth:AllowAnonymous";

    public static IApplicationBuilder UseDevelopmentAccess(this WebApplication app)
    {
        var allowed = app.Configuration.GetValue<bool>(Setting);
        return app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/api/health"))
            {
                await next(context);
                return;
            }
            if (!allowed)
            {
                throw new SwitchboardException(ErrorCode.Unauthorized, "Authentication is required.");
            }
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(CallerClaims.ActorId, "development")], "Development"));
            await next(context);
        });
    }
}
