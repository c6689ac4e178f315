using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.Testing;

namespace Switchboard.Api.Tests;

/// <summary>
/// The service in-process on the real Azurite, with its own table and queue prefix. Settings can be
/// overridden per test (<see cref="With"/>) to point at broken storage or bad options.
/// </summary>
public class SwitchboardApplication(string storageConnectionString, string prefix) : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings = new(TestVaults.ServiceSettings().Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
    {
        ["AzureWebJobsStorage"] = storageConnectionString,
        ["Switchboard:Storage:Prefix"] = prefix,
        ["Switchboard:Auth:AllowAnonymous"] = "true",
        ["Switchboard:Connections:AllowHttpTargets"] = "true",
        // The tests' stand-ins for targets and webhook receivers listen on loopback.
        ["Switchboard:Connections:AllowLoopbackTargets"] = "true",
        // Orchestrations in tests: one partition (started at once), queues polled often, deliveries retried soon.
        ["Switchboard:Durable:PartitionCount"] = "1",
        ["Switchboard:Durable:MaxPollingInterval"] = "00:00:00.250",
        ["Switchboard:Notifications:FirstRetryDelay"] = "00:00:01",
        // Durable timers are queue messages made visible later, in whole seconds: a shorter wait would fire at once.
        ["Switchboard:KeyVault:Setup:ProbeInterval"] = "00:00:02",
    };

    public SwitchboardApplication(IsolatedStorage storage) : this(storage.ConnectionString, storage.Prefix)
    {
    }

    private TimeProvider? clock;

    /// <summary>Runs the app on a clock the test controls.</summary>
    public SwitchboardApplication WithClock(TimeProvider testClock)
    {
        clock = testClock;
        return this;
    }

    public SwitchboardApplication With(string key, string? value)
    {
        settings[key] = value;
        return this;
    }

    /// <summary>Every log line the app wrote, for tests that look for a leaked credential.</summary>
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        if (clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
