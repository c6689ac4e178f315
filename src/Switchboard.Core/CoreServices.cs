using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Switchboard.Core.Access;
using Switchboard.Core.Connections;
using Switchboard.Core.Expiry;
using Switchboard.Core.Hubs;
using Switchboard.Core.KeyVault;
using Switchboard.Core.Notifications;
using Switchboard.Core.Ports;
using Switchboard.Core.Rotation;
using Switchboard.Core.Teardown;

namespace Switchboard.Core;

/// <summary>
/// The domain's composition: its services and the options they read. The ports they need come from the storage
/// layer and the host (<see cref="Operations.IOperations"/>, <see cref="IConnectionProbe"/>, <see cref="INotifier"/>).
/// </summary>
public static class CoreServices
{
    public static void AddSwitchboardCore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ConnectionOptions>().BindConfiguration(ConnectionOptions.Section);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IConfigurationLookup, ConfigurationLookup>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ConnectionOptions>>().Value;
            return new ConnectionValidator(new ConfigurationReferences(options.ReferencePrefixes), options.AllowHttpTargets, options.Network);
        });

        services.AddSingleton<HubService>();
        services.AddSingleton<ConnectionService>();
        services.AddSingleton<CredentialReader>();
        services.AddSingleton<OrphanSecretSweep>();
        services.AddSingleton<ExpiryTracking>();
        services.AddSingleton<ExpiryService>();
        services.AddSingleton<KeyVaultService>();
        services.AddSingleton<KeyVaultEvents>();
        services.AddSingleton<KeyVaultMigrationService>();
        services.AddSingleton<RotationService>();
        services.AddSingleton<TeardownService>();
        services.AddSingleton<AccessService>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ConnectionOptions>>().Value;
            return new SubscriptionService(sp.GetRequiredService<HubService>(), sp.GetRequiredService<ISubscriptionStore>(),
                sp.GetRequiredService<ISecretStore>(), sp.GetRequiredService<SecretVault>(), sp.GetRequiredService<IAuditLog>(),
                sp.GetRequiredService<TimeProvider>(), options.AllowHttpTargets, options.Network);
        });
    }

    private sealed class ConfigurationLookup(IConfiguration configuration) : IConfigurationLookup
    {
        public string? Get(string key) => configuration[key];
    }
}
