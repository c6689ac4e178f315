using Switchboard.Functions.Access;
using Switchboard.Functions.Api;
using Switchboard.Functions.Connections;
using Switchboard.Functions.Health;
using Switchboard.Functions.Hosting;
using Switchboard.Functions.Events;
using Switchboard.Functions.Timers;
using Switchboard.Functions.Hubs;
using Switchboard.Functions.Notifications;
using Switchboard.Functions.KeyVault;
using Switchboard.Functions.OpenApi;
using Switchboard.Functions.Operations;
using Switchboard.Functions.Portal;
using Switchboard.Functions.Problems;
using Switchboard.Functions.Registry;
using Switchboard.Functions.Storage;
using Switchboard.Functions.Telemetry;

// A deployed app's files never change, so nothing watches them (each watcher costs an inotify instance).
Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
var builder = WebApplication.CreateBuilder(args);

builder.ListenOnTheFunctionsPort();
builder.Services.AddDependencyWarmUp();
builder.AddSwitchboardTelemetry();
builder.Services.AddSwitchboardProblemDetails();
builder.Services.AddSwitchboardJson();
builder.Services.AddSwitchboardStorage();
builder.Services.AddSwitchboardRegistry();
builder.AddSwitchboardAccess();
builder.Services.SkipDataProtectionKeyRingAtStart();
builder.AddSwitchboardWorkflows();
builder.Services.StartWhenWarm<Switchboard.Functions.Durable.DurableTaskWorkerHost>();
builder.Services.StartWhenWarm<JobScheduler>();
builder.Services.AddSwitchboardHealthChecks();
builder.Services.AddSwitchboardOpenApi();

var app = builder.Build();
app.StartDependencyWarmUp();

app.UseCorrelationId();
app.UseSwitchboardProblemDetails();
app.UsePortal();
app.UseSwitchboardAccess();

app.MapHealthApi();
app.MapHubsApi();
app.MapConnectionsApi();
app.MapCatalogApi();
app.MapAccessApi();
app.MapKeyVaultApi();
app.MapRotationApi();
app.MapTeardownApi();
app.MapOperationsApi();
app.MapKeyVaultEventsApi();
app.MapSubscriptionsApi();
app.MapOpenApiDocuments();

app.Run();

/// <summary>The entry point, public so tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
