using Azure.Data.Tables;
using Azure.Storage.Queues;
using Xunit;

namespace Switchboard.Testing;

/// <summary>
/// Isolated tables and queues on the shared Azurite: each test class gets a unique name prefix, and its
/// tables and queues are deleted when the class is done. Use as an xunit class fixture.
/// </summary>
public sealed class IsolatedStorage : IAsyncLifetime
{
    public string Prefix { get; } = NewPrefix();
    public string ConnectionString { get; } = TestEnvironment.StorageConnectionString;

    public TableServiceClient Tables { get; }
    public QueueServiceClient Queues { get; }

    public IsolatedStorage()
    {
        Tables = new TableServiceClient(ConnectionString);
        Queues = new QueueServiceClient(ConnectionString);
    }

    /// <summary>A table prefix: a letter and 11 letters or digits, unique per call.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..11];

    /// <summary>Every entity of this prefix's tables and every visible message of its queues, as text: where a test looks for a leaked credential.</summary>
    public async Task<string> DumpAsync()
    {
        var text = new System.Text.StringBuilder();
        await foreach (var table in Tables.QueryAsync(t => t.Name.CompareTo(Prefix) >= 0 && t.Name.CompareTo(Prefix + "~") < 0))
        {
            await foreach (var entity in Tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                text.AppendLine(System.Text.Json.JsonSerializer.Serialize(entity));
            }
        }
        await foreach (var queue in Queues.GetQueuesAsync(prefix: Prefix.ToLowerInvariant()))
        {
            foreach (var message in (await Queues.GetQueueClient(queue.Name).PeekMessagesAsync(32)).Value)
            {
                text.AppendLine(message.Body.ToString());
            }
        }
        return text.ToString();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try
        {
            await foreach (var table in Tables.QueryAsync(t => t.Name.CompareTo(Prefix) >= 0 && t.Name.CompareTo(Prefix + "~") < 0))
            {
                await Tables.DeleteTableAsync(table.Name);
            }
            await foreach (var queue in Queues.GetQueuesAsync(prefix: Prefix.ToLowerInvariant()))
            {
                await Queues.DeleteQueueAsync(queue.Name);
            }
        }
        catch (Azure.RequestFailedException)
        {
            // Cleaning up is a courtesy; ./test.sh runs Azurite in memory and throws it all away anyway.
        }
    }
}
