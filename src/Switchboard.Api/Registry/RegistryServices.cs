using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Options;
using Switchboard.Core.Connections;
using Switchboard.Core.Hubs;
using Switchboard.Core.Ports;
using Switchboard.Api.Connections;
using Switchboard.Api.Storage;
using Switchboard.Storage.KeyVault;
using Switchboard.Storage.Tables;

namespace Switchboard.Api.Registry;

/// <summary>The connection registry: domain services over Table Storage and the Key Vault secret store.</summary>
public static class RegistryServices
{
    public static IServiceCollection AddSwitchboardRegistry(this IServiceCollection services)
    {
        services.AddOptions<KeyVaultOptions>().BindConfiguration(KeyVaultOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyVaultOptions>, KeyVaultOptionsValidator>();
        services.AddOptions<RegistryOptions>().BindConfiguration(RegistryOptions.Section);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new StorageTables(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<IOptions<StorageOptions>>().Value.Prefix));
        services.AddSingleton<IHubStore, HubTableStore>();
        services.AddSingleton<IConnectionStore, ConnectionTableStore>();
        services.AddSingleton<IDependentStore, DependentTableStore>();
        services.AddSingleton<IAuditLog, AuditTableLog>();
        services.AddSingleton<IExpiryIndex, ExpiryTableIndex>();
        services.AddSingleton<Core.Expiry.ExpiryTracking>();

        services.AddSingleton(sp => new SecretClients(sp.GetRequiredService<IOptions<KeyVaultOptions>>().Value, new DefaultAzureCredential()));
        services.AddSingleton<ISecretStore, KeyVaultSecretStore>();
        services.AddSingleton(sp => new SecretVault(sp.GetRequiredService<IOptions<KeyVaultOptions>>().Value.ManagedVaultUri!,
            sp.GetRequiredService<StorageTables>().StoreId));
        services.AddSingleton<OrphanSecretSweep>();
        services.AddSingleton<IConfigurationLookup, ConfigurationLookup>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RegistryOptions>>().Value;
            return new ConnectionValidator(new ConfigurationReferences(options.ReferencePrefixes), options.AllowHttpTargets, options.Network);
        });

        services.AddSingleton<HubService>();
        services.AddSingleton<ConnectionService>();
        services.AddSingleton<CredentialReader>();
        services.AddSingleton<ConnectionTester>();
        services.AddSingleton<IdempotentRequests>();
        services.AddHttpClient(ConnectionTester.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(sp => GuardedConnections.Handler(sp.GetRequiredService<IOptions<RegistryOptions>>().Value.Network));
        return services;
    }

    private sealed class ConfigurationLookup(IConfiguration configuration) : IConfigurationLookup
    {
        public string? Get(string key) => configuration[key];
    }
}

/// <summary>Rules of the registry that operators may tune.</summary>
public sealed class RegistryOptions
{
    public const string Section = "Switchboard:Connections";

    /// <summary>Configuration keys that <c>$</c> references may name.</summary>
    public List<string> ReferencePrefixes { get; set; } = [.. ConfigurationReferences.DefaultPrefixes];

    /// <summary>Plain-http targets, for local development and tests only.</summary>
    public bool AllowHttpTargets { get; set; }

    /// <summary>Targets, probes and webhooks in private address ranges (private endpoints in the service's network).</summary>
    public bool AllowPrivateNetworkTargets { get; set; }

    /// <summary>Targets on the service's own host: for local tests with a stand-in on loopback only.</summary>
    public bool AllowLoopbackTargets { get; set; }

    public NetworkRules Network => new(AllowPrivateNetworkTargets, AllowLoopbackTargets);
}

internal sealed class KeyVaultOptionsValidator : IValidateOptions<KeyVaultOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyVaultOptions options)
    {
        var failures = new List<string>();
        if (options.ManagedVaultUri is not { IsAbsoluteUri: true, Scheme: "https" })
        {
            failures.Add($"Setting '{KeyVaultOptions.Section}:ManagedVaultUri' must be the https URI of the service's Key Vault.");
        }
        if (options.UsesEmulator && !File.Exists(options.EmulatorCertificatePath))
        {
            failures.Add($"Setting '{KeyVaultOptions.Section}:EmulatorCertificatePath' names a file that does not exist.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
