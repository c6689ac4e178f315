using System.Diagnostics;

namespace Switchboard.Api.Hosting;

/// <summary>
/// Every response carries <c>x-correlation-id</c>: the caller's, when it sent a sane one, else the trace id,
/// so a support request can be matched to logs, traces and audit entries.
/// </summary>
public static class CorrelationId
{
    public const string HeaderName = "x-correlation-id";
    private const int MaxLength = 128;

    public static string Of(HttpContext context) =>
        context.Items.TryGetValue(HeaderName, out var value) && value is string id ? id : context.TraceIdentifier;

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var id = FromRequest(context) ?? Activity.Current?.TraceId.ToHexString() ?? Guid.NewGuid().ToString("N");
            context.Items[HeaderName] = id;
            context.Response.Headers[HeaderName] = id;
            Activity.Current?.SetTag("correlation.id", id);

            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Switchboard.Requests");
            using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
            {
                await next(context);
            }
        });

    // Only ids that cannot smuggle anything into a log line or a header are taken from the caller.
    private static string? FromRequest(HttpContext context)
    {
        var given = context.Request.Headers[HeaderName].ToString();
        if (given.Length is 0 or > MaxLength)
        {
            return null;
        }
        return given.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':') ? given : null;
    }
}
