using Microsoft.Extensions.Options;
using Switchboard.Api.Connections;
using Switchboard.Api.Notifications;
using Switchboard.Api.Timers;
using Switchboard.Core.Connections;
using Switchboard.Core.Ports;

namespace Switchboard.Api.Operations;

/// <summary>
/// The services the operations API, the orchestrations' activities and the timer jobs use. The host adds the
/// engine that runs the orchestrations (and with it <see cref="Core.Operations.IOperations"/>) and the timers.
/// </summary>
public static class OperationServices
{
    public static void AddSwitchboardOperations(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<IConnectionProbe>(sp => sp.GetRequiredService<ConnectionTester>());
        services.AddSingleton<RotationStarter>();
        services.AddSingleton<IRotationStarter>(sp => sp.GetRequiredService<RotationStarter>());
        services.AddOptions<Events.EventsOptions>().BindConfiguration(Events.EventsOptions.Section);
        services.AddSingleton<IWebhookSender, WebhookSender>();
        services.AddSingleton<INotifier, WebhookNotifier>();
        services.AddHttpClient(WebhookSender.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(sp => GuardedConnections.Handler(sp.GetRequiredService<IOptions<ConnectionOptions>>().Value.Network));
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section);
        services.AddOptions<KeyVaultSetupOptions>().BindConfiguration(KeyVaultSetupOptions.Section)
            // Durable timers wait as queue messages that become visible later, in whole seconds counted when the
            // message is sent: a wait under two seconds can fire at once.
            .Validate(o => o.ProbeInterval >= TimeSpan.FromSeconds(2), $"Setting '{KeyVaultSetupOptions.Section}:ProbeInterval' must be at least two seconds.")
            .ValidateOnStart();
        services.AddOptions<OperationsOptions>().BindConfiguration(OperationsOptions.Section);
        services.AddSingleton<TimerJobs>();
    }
}

/// <summary>
/// How long Key Vault setup and migration wait for a vault that refuses access (role assignments propagate slowly),
/// or, in a migration, for a connection under rotation; and how often they look again.
/// </summary>
public sealed class KeyVaultSetupOptions
{
    public const string Section = "Switchboard:KeyVault:Setup";

    public TimeSpan Deadline { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Webhook deliveries: how often to try before a delivery is marked failed, and the first wait (it doubles).</summary>
public sealed class NotificationOptions
{
    public const string Section = "Switchboard:Notifications";

    public int MaxAttempts { get; set; } = 6;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>How long finished operations are kept before the OperationsPurge timer forgets them.</summary>
public sealed class OperationsOptions
{
    public const string Section = "Switchboard:Operations";

    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}
