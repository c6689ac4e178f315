using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Switchboard.Core.Connections;
using Switchboard.Core.Ports;
using Switchboard.Storage.KeyVault;
using Switchboard.Storage.Tables;

namespace Switchboard.Storage;

/// <summary>
/// The storage layer's composition: the Table and Queue service clients (shared by everything that needs storage),
/// every port of the domain over Table Storage, and the Key Vault secret store.
/// </summary>
public static class StorageServices
{
    public static void AddSwitchboardStorage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StorageOptions>().Configure<IConfiguration>(StorageOptions.Bind).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var clientOptions = new TableClientOptions();
            Tune(clientOptions.Retry);
            return options.UsesIdentity
                ? new TableServiceClient(options.TableServiceUri, CredentialFor(options), clientOptions)
                : new TableServiceClient(options.ConnectionString, clientOptions);
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var clientOptions = new QueueClientOptions();
            Tune(clientOptions.Retry);
            return options.UsesIdentity
                ? new QueueServiceClient(options.QueueServiceUri, CredentialFor(options), clientOptions)
                : new QueueServiceClient(options.ConnectionString, clientOptions);
        });

        services.AddSingleton(sp => new StorageTables(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<IOptions<StorageOptions>>().Value.Prefix));
        services.AddSingleton<IHubStore, HubTableStore>();
        services.AddSingleton<IConnectionStore, ConnectionTableStore>();
        services.AddSingleton<IDependentStore, DependentTableStore>();
        services.AddSingleton<IAuditLog, AuditTableLog>();
        services.AddSingleton<IExpiryIndex, ExpiryTableIndex>();
        services.AddSingleton<IKeyVaultConnectionStore, KeyVaultConnectionTableStore>();
        services.AddSingleton<ISubscriptionStore, SubscriptionTableStore>();
        services.AddSingleton<IApiKeyStore, ApiKeyTableStore>();
        services.AddSingleton<IRoleAssignmentStore, RoleAssignmentTableStore>();

        services.AddOptions<KeyVaultOptions>().BindConfiguration(KeyVaultOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyVaultOptions>, KeyVaultOptionsValidator>();
        services.AddSingleton(sp => new SecretClients(sp.GetRequiredService<IOptions<KeyVaultOptions>>().Value, new DefaultAzureCredential()));
        services.AddSingleton<ISecretStore, KeyVaultSecretStore>();
        services.AddSingleton(sp => new SecretVault(sp.GetRequiredService<IOptions<KeyVaultOptions>>().Value.ManagedVaultUri!,
            sp.GetRequiredService<StorageTables>().StoreId));
    }

    internal static bool IsValidConnectionString(string connectionString)
    {
        try
        {
            _ = new TableServiceClient(connectionString);
            _ = new QueueServiceClient(connectionString);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The identity for identity-based storage, also used by the Durable Task engine's own clients.</summary>
    public static TokenCredential CredentialFor(StorageOptions options) =>
        options.Credential is not null && options.ClientId is not null
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId))
            : options.Credential is not null
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new DefaultAzureCredential();

    // A request that hangs should fail in seconds, not the SDK's default 100, so callers and health see it.
    private static void Tune(RetryOptions retry)
    {
        retry.NetworkTimeout = TimeSpan.FromSeconds(20);
        retry.MaxRetries = 3;
    }
}
