using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.Extensions.Options;
using Switchboard.Core.Operations;
using Switchboard.Storage;

namespace Switchboard.Server.Durable;

/// <summary>
/// The standalone host's Durable Task engine: the Azure Storage provider on <c>AzureWebJobsStorage</c>, the worker
/// that runs the orchestrations, and the operations port over its client.
/// </summary>
public static class DurableTaskHosting
{
    public static void AddSwitchboardDurableTask(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DurableTaskOptions>().BindConfiguration(DurableTaskOptions.Section)
            .Validate(o => o.PartitionCount is >= 1 and <= 16, "Switchboard:Durable:PartitionCount must be between 1 and 16.")
            .Validate(o => o.HubName.Length == 0 || HubNameFormat.IsMatch(o.HubName), "Switchboard:Durable:HubName must be 3-45 letters and digits, starting with a letter.")
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DurableTaskOptions>>().Value;
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
            {
                StorageAccountClientProvider = storage.UsesIdentity
                    ? new StorageAccountClientProvider(storage.BlobServiceUri!, storage.QueueServiceUri!, storage.TableServiceUri!, StorageServices.CredentialFor(storage))
                    : new StorageAccountClientProvider(storage.ConnectionString!),
                TaskHubName = options.HubName.Length > 0 ? options.HubName : storage.Prefix + "SwitchboardServer",
                PartitionCount = options.PartitionCount,
                ControlQueueVisibilityTimeout = options.MessageVisibilityTimeout,
                WorkItemQueueVisibilityTimeout = options.MessageVisibilityTimeout,
                LeaseInterval = options.LeaseInterval,
                LeaseRenewInterval = options.LeaseInterval / 3,
                LeaseAcquireInterval = options.LeaseInterval / 3,
                MaxQueuePollingInterval = options.MaxPollingInterval,
                MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
                MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
                LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
            });
        });
        // Inputs are written with the same System.Text.Json converter the shims read them with.
        services.AddSingleton(sp => new TaskHubClient(sp.GetRequiredService<AzureStorageOrchestrationService>(),
            new SystemTextJsonConverter(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<TaskHubReadiness>();
        services.AddSingleton<IOperations, TaskHubOperations>();
        services.AddHostedService<DurableTaskWorkerHost>();
    }

    private static readonly System.Text.RegularExpressions.Regex HubNameFormat = new("^[A-Za-z][A-Za-z0-9]{2,44}$");
}
