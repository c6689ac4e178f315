using Switchboard.Api;
using Switchboard.Core;
using Switchboard.Server.Durable;
using Switchboard.Server.Hosting;
using Switchboard.Server.Timers;
using Switchboard.Storage;

// A deployed app's files never change, so nothing watches them (each watcher costs an inotify instance).
Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
var builder = WebApplication.CreateBuilder(args);

builder.ListenOnTheFunctionsPort();
builder.Services.AddDependencyWarmUp();
builder.AddSwitchboardCore();
builder.AddSwitchboardStorage();
builder.AddSwitchboardApi();
builder.AddSwitchboardDurableTask();
builder.Services.AddSingleton<JobClaims>();
builder.Services.AddHostedService<JobScheduler>();
builder.Services.StartWhenWarm<DurableTaskWorkerHost>();
builder.Services.StartWhenWarm<JobScheduler>();

var app = builder.Build();
app.StartDependencyWarmUp();
app.UseSwitchboardApi();
app.Run();

/// <summary>The entry point, public so tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
