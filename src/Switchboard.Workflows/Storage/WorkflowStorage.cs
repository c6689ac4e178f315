using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Switchboard.Workflows.Storage;

/// <summary>The engine's two tables and its wake-up queue, named with the configured prefix.</summary>
internal sealed class WorkflowStorage
{
    private readonly CreatedOnFirstUse<TableClient> instances;
    private readonly CreatedOnFirstUse<TableClient> history;
    private readonly CreatedOnFirstUse<QueueClient> queue;

    public WorkflowStorage(TableServiceClient tables, QueueServiceClient queues, string prefix)
    {
        InstancesTableName = prefix + "WorkflowInstances";
        HistoryTableName = prefix + "WorkflowHistory";
        QueueName = prefix.ToLowerInvariant() + "workflow-wakeups";
        instances = new(() => CreateAsync(tables.GetTableClient(InstancesTableName)));
        history = new(() => CreateAsync(tables.GetTableClient(HistoryTableName)));
        queue = new(async () =>
        {
            var client = queues.GetQueueClient(QueueName);
            await client.CreateIfNotExistsAsync();
            return client;
        });
    }

    public string InstancesTableName { get; }
    public string HistoryTableName { get; }
    public string QueueName { get; }

    public Task<TableClient> InstancesAsync(CancellationToken ct) => instances.GetAsync(ct);
    public Task<TableClient> HistoryAsync(CancellationToken ct) => history.GetAsync(ct);
    public Task<QueueClient> QueueAsync(CancellationToken ct) => queue.GetAsync(ct);

    private static async Task<TableClient> CreateAsync(TableClient client)
    {
        await client.CreateIfNotExistsAsync();
        return client;
    }
}
