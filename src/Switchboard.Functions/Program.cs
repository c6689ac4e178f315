using Switchboard.Functions.Health;
using Switchboard.Functions.Hosting;
using Switchboard.Functions.Problems;
using Switchboard.Functions.Storage;
using Switchboard.Functions.Telemetry;

var builder = WebApplication.CreateBuilder(args);

builder.ListenWhereTheFunctionsHostExpects();
builder.AddSwitchboardTelemetry();
builder.Services.AddSwitchboardProblemDetails();
builder.Services.AddSwitchboardStorage();
builder.Services.AddSwitchboardHealthChecks();

var app = builder.Build();

app.UseCorrelationId();
app.UseSwitchboardProblemDetails();

app.MapHealthApi();

app.Run();

/// <summary>The entry point, public so tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
