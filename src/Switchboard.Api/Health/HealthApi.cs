using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Switchboard.Api.Health;

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
        // Compile-time JSON metadata for the answer: the reflection serializer would build it at the first check.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, HealthJson.Default));
        return services;
    }

    public static void MapHealthApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/health", CheckAsync)
            .WithName("GetHealth").WithTags("Health").WithSummary("The state of Table Storage, Queue Storage and Key Vault")
            .Produces<HealthResponse>(StatusCodes.Status200OK).Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable)
            .AllowAnonymous();

    private static async Task<IResult> CheckAsync(HttpContext http, HealthCheckService health, CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(ct);
        var healthy = report.Status != HealthStatus.Unhealthy;
        http.Response.Headers.CacheControl = "no-store";
        if (!healthy)
        {
            http.Response.Headers.RetryAfter = "5";
        }
        // Exception messages are not shown: they can name hosts and accounts to an anonymous caller.
        var body = new HealthResponse(report.Status.ToString(), report.Entries.ToDictionary(
            e => e.Key, e => new HealthCheckResponse(e.Value.Status.ToString(), (int)e.Value.Duration.TotalMilliseconds)));
        return Results.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}

public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, HealthCheckResponse> Checks);

public sealed record HealthCheckResponse(string Status, int DurationMs);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthResponse))]
internal sealed partial class HealthJson : JsonSerializerContext;
