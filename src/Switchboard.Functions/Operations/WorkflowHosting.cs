using Microsoft.Extensions.Options;
using Switchboard.Core.Expiry;
using Switchboard.Core.KeyVault;
using Switchboard.Core.Ports;
using Switchboard.Core.Rotation;
using Switchboard.Core.Teardown;
using Switchboard.Functions.Connections;
using Switchboard.Functions.FunctionsHost;
using Switchboard.Functions.Notifications;
using Switchboard.Core.Notifications;
using Switchboard.Workflows.Notifications;
using Switchboard.Functions.Storage;
using Switchboard.Storage.Tables;
using Switchboard.Workflows;
using Switchboard.Workflows.KeyVaultSetup;
using Switchboard.Workflows.Rotation;
using Switchboard.Workflows.Teardown;

namespace Switchboard.Functions.Operations;

/// <summary>
/// The workflow engine and its workflows. Standalone, this app drains the wake-up queue and runs the timers
/// itself; under the Functions host, the queue and timer triggers call it instead.
/// </summary>
public static class WorkflowHosting
{
    public static void AddSwitchboardWorkflows(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddWorkflowEngine().BindConfiguration("Switchboard:Workflows")
            .Configure<IOptions<StorageOptions>>((o, storage) => o.Prefix = storage.Value.Prefix);
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

        services.AddSingleton<WorkflowDefinition>(sp => RotationWorkflow.Build(
            sp.GetRequiredService<RotationService>(), sp.GetRequiredService<IConnectionProbe>(), sp.GetRequiredService<INotifier>()));
        services.AddSingleton<WorkflowDefinition>(sp => KeyVaultSetupWorkflow.Build(sp.GetRequiredService<KeyVaultService>()));
        services.AddSingleton<WorkflowDefinition>(sp => TeardownWorkflow.BuildForHub(sp.GetRequiredService<TeardownService>()));
        services.AddSingleton<WorkflowDefinition>(sp => TeardownWorkflow.BuildForProject(sp.GetRequiredService<TeardownService>()));
        services.AddSingleton<WorkflowDefinition>(sp => NotificationDeliveryWorkflow.Build(sp.GetRequiredService<ISubscriptionStore>(),
            sp.GetRequiredService<IWebhookSender>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<NotificationOptions>>().Value.MaxAttempts));

        if (HostingMode.IsStandalone(builder.Configuration))
        {
            services.AddWorkflowDispatcher();
            services.AddHostedService<JobScheduler>();
        }
    }
}

/// <summary>How long Key Vault setup waits for a vault that refuses access (role assignments propagate slowly).</summary>
public sealed class KeyVaultSetupOptions
{
    public const string Section = "Switchboard:KeyVault:Setup";

    public TimeSpan Deadline { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Webhook deliveries: how often to try before a delivery is marked failed.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Switchboard:Notifications";

    public int MaxAttempts { get; set; } = 6;
}
