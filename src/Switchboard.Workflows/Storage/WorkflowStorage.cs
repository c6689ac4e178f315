using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Switchboard.Workflows.Storage;

/// <summary>
/// The engine's table (instance rows and their history, one partition per instance) and its wake-up queue,
/// named with the configured prefix.
/// </summary>
internal sealed class WorkflowStorage
{
    private readonly CreatedOnFirstUse<TableClient> instances;
    private readonly CreatedOnFirstUse<QueueClient> queue;

    public WorkflowStorage(TableServiceClient tables, QueueServiceClient queues, string prefix)
    {
        InstancesTableName = prefix + "WorkflowInstances";
        QueueName = prefix.ToLowerInvariant() + "workflow-wakeups";
        instances = new(async () =>
        {
            var client = tables.GetTableClient(InstancesTableName);
            await client.CreateIfNotExistsAsync();
            return client;
        });
        queue = new(async () =>
        {
            var client = queues.GetQueueClient(QueueName);
            await client.CreateIfNotExistsAsync();
            return client;
        });
    }

    public string InstancesTableName { get; }
    public string QueueName { get; }

    public Task<TableClient> InstancesAsync(CancellationToken ct) => instances.GetAsync(ct);
    public Task<QueueClient> QueueAsync(CancellationToken ct) => queue.GetAsync(ct);
}
