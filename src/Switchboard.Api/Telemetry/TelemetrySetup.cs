using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Switchboard.Api.Telemetry;

/// <summary>
/// Structured logs to the console (the Functions host collects the worker's output), and, when
/// APPLICATIONINSIGHTS_CONNECTION_STRING is set, OpenTelemetry traces, metrics and logs exported to Azure Monitor
/// (without it none are collected).
/// </summary>
public static class TelemetrySetup
{
    /// <summary>The name of our own ActivitySource and Meter (workflow steps, secret store calls).</summary>
    public const string SourceName = "Switchboard";
    private const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    private const string AuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static void AddSwitchboardTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });

        var connectionString = builder.Configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            // Nothing would read the traces and metrics: building the providers and instrumenting every request
            // and HTTP call for nobody costs start-up time (docs/benchmarks.md, scenario 6) and CPU per request.
            return;
        }
        void Configure(AzureMonitorExporterOptions o)
        {
            o.ConnectionString = connectionString;
            // Application Insights with local auth off accepts only Entra ID: "Authorization=AAD;ClientId=...".
            var authentication = builder.Configuration[AuthenticationSetting];
            if (authentication?.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase) == true)
            {
                var clientId = authentication.Split(';').Select(p => p.Split('=', 2))
                    .FirstOrDefault(p => p.Length == 2 && p[0].Trim().Equals("ClientId", StringComparison.OrdinalIgnoreCase))?[1];
                o.Credential = clientId is null
                    ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                    : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            }
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("switchboard"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(SourceName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                    .AddAzureMonitorTraceExporter(Configure);
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SourceName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                    .AddAzureMonitorMetricExporter(Configure);
            });
        builder.Logging.AddOpenTelemetry(logging => logging.AddAzureMonitorLogExporter(Configure));
    }
}
