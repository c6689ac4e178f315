using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace Switchboard.Api.Storage;

/// <summary>The Table and Queue service clients, registered once and shared by everything that needs storage.</summary>
public static class StorageClients
{
    public static IServiceCollection AddSwitchboardStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().Configure<IConfiguration>(StorageOptions.Bind).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>>(sp =>
            new StorageOptionsValidator());

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
        return services;
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

    internal static TokenCredential CredentialFor(StorageOptions options) =>
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
