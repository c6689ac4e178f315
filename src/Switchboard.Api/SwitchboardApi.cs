using Switchboard.Api.Access;
using Switchboard.Api.Api;
using Switchboard.Api.Connections;
using Switchboard.Api.Events;
using Switchboard.Api.Health;
using Switchboard.Api.Hosting;
using Switchboard.Api.Hubs;
using Switchboard.Api.KeyVault;
using Switchboard.Api.Notifications;
using Switchboard.Api.OpenApi;
using Switchboard.Api.Operations;
using Switchboard.Api.Portal;
using Switchboard.Api.Problems;
using Switchboard.Api.Registry;
using Switchboard.Api.Telemetry;

namespace Switchboard.Api;

/// <summary>
/// The HTTP API as one ASP.NET Core pipeline, served unchanged by both hosts: the standalone Server on Kestrel,
/// and the Functions app through its catch-all HTTP function. The host adds the engine behind
/// <see cref="Core.Operations.IOperations"/>.
/// </summary>
public static class SwitchboardApi
{
    public static void AddSwitchboardApi(this IHostApplicationBuilder builder)
    {
        builder.AddSwitchboardTelemetry();
        builder.Services.AddSwitchboardProblemDetails();
        builder.Services.AddSwitchboardJson();
        builder.Services.AddSwitchboardRegistry();
        builder.AddSwitchboardAccess();
        builder.Services.SkipDataProtectionKeyRingAtStart();
        builder.AddSwitchboardOperations();
        builder.Services.AddSwitchboardHealthChecks();
        builder.Services.AddSwitchboardOpenApi();
        builder.Services.AddRouting();
    }

    public static void UseSwitchboardApi(this IApplicationBuilder app)
    {
        app.UseCorrelationId();
        app.UseSwitchboardProblemDetails();
        app.UsePortal();
        app.UseRouting();
        app.UseSwitchboardAccess();
        app.UseEndpoints(endpoints =>
        {
            endpoints.MapHealthApi();
            endpoints.MapHubsApi();
            endpoints.MapConnectionsApi();
            endpoints.MapCatalogApi();
            endpoints.MapAccessApi();
            endpoints.MapKeyVaultApi();
            endpoints.MapRotationApi();
            endpoints.MapTeardownApi();
            endpoints.MapOperationsApi();
            endpoints.MapKeyVaultEventsApi();
            endpoints.MapSubscriptionsApi();
            endpoints.MapOpenApiDocuments();
        });
    }
}
