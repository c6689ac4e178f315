using Microsoft.Extensions.Options;
using Switchboard.Core.Expiry;
using Switchboard.Core.KeyVault;
using Switchboard.Core.Ports;
using Switchboard.Core.Rotation;
using Switchboard.Core.Teardown;
using Switchboard.Functions.Connections;
using Switchboard.Functions.Durable;
using Switchboard.Functions.Notifications;
using Switchboard.Functions.Timers;
using Switchboard.Core.Notifications;
using Switchboard.Storage.Tables;

namespace Switchboard.Functions.Operations;

/// <summary>
/// The services the orchestrations' activities and the timer jobs use, the Durable Task engine that runs the
/// orchestrations, and the scheduler that fires the timer jobs.
/// </summary>
public static class WorkflowHosting
{
    public static void AddSwitchboardWorkflows(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<IKeyVaultConnectionStore, KeyVaultConnectionTableStore>();
        services.AddSingleton<KeyVaultService>();
        services.AddSingleton<RotationService>();
        services.AddSingleton<TeardownService>();
        services.AddSingleton<IConnectionProbe>(sp => sp.GetRequiredService<ConnectionTester>());
        services.AddSingleton<RotationStarter>();
        services.AddSingleton<IRotationStarter>(sp => sp.GetRequiredService<RotationStarter>());
        services.AddSingleton<ExpiryService>();
        services.AddSingleton<KeyVaultEvents>();
        services.AddOptions<Events.EventsOptions>().BindConfiguration(Events.EventsOptions.Section);
        services.AddSingleton<ISubscriptionStore, SubscriptionTableStore>();
        services.AddSingleton<IWebhookSender, WebhookSender>();
        services.AddSingleton<INotifier, WebhookNotifier>();
        services.AddSingleton(sp => new SubscriptionService(sp.GetRequiredService<Core.Hubs.HubService>(), sp.GetRequiredService<ISubscriptionStore>(),
            sp.GetRequiredService<ISecretStore>(), sp.GetRequiredService<Core.Connections.SecretVault>(), sp.GetRequiredService<IAuditLog>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<Registry.RegistryOptions>>().Value.AllowHttpTargets,
            sp.GetRequiredService<IOptions<Registry.RegistryOptions>>().Value.Network));
        services.AddHttpClient(WebhookSender.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(sp => GuardedConnections.Handler(sp.GetRequiredService<IOptions<Registry.RegistryOptions>>().Value.Network));
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section);
        services.AddOptions<KeyVaultSetupOptions>().BindConfiguration(KeyVaultSetupOptions.Section);
        services.AddSingleton<TimerJobs>();

        builder.AddSwitchboardDurableTask();
        services.AddHostedService<JobScheduler>();
    }
}

/// <summary>How long Key Vault setup waits for a vault that refuses access (role assignments propagate slowly).</summary>
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
