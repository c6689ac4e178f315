using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Switchboard.Functions.Health;

/// <summary>
/// <c>GET /api/health</c>: 200 when every dependency answers, 503 when one does not. The only route that
/// answers without authentication, so it says which dependency is down and nothing more.
/// </summary>
public static class HealthApi
{
    // Long enough for a healthy round trip on a busy machine, short enough that an outage shows at once.
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    public static IServiceCollection AddSwitchboardHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<TableStorageHealthCheck>("tables", timeout: CheckTimeout)
            .AddCheck<QueueStorageHealthCheck>("queues", timeout: CheckTimeout)
            .AddCheck<KeyVaultHealthCheck>("keyVault", timeout: CheckTimeout);
        return services;
    }

    public static void MapHealthApi(this IEndpointRouteBuilder app) =>
        app.MapHealthChecks("/api/health", new HealthCheckOptions
        {
            ResponseWriter = WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        })
        .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]))
        .WithName("GetHealth").WithTags("Health").AllowAnonymous();

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        if (report.Status == HealthStatus.Unhealthy)
        {
            context.Response.Headers.RetryAfter = "5";
        }
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                // Exception messages are not shown: they can name hosts and accounts to an anonymous caller.
                e => new { status = e.Value.Status.ToString(), durationMs = (int)e.Value.Duration.TotalMilliseconds }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
