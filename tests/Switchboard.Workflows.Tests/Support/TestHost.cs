using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Switchboard.Testing;

namespace Switchboard.Workflows.Tests.Support;

/// <summary>
/// One host's engine on real Azurite storage, with its dispatcher (the standalone path) or a hand pump that
/// does what the Functions host does: receive a message, give it to ProcessMessageAsync, delete it.
/// </summary>
internal sealed class TestHost : IAsyncDisposable
{
    private static int prefixes;
    private WorkflowDispatcher? dispatcher;

    private TestHost(WorkflowEngine engine, QueueClient queue)
    {
        Engine = engine;
        Queue = queue;
    }

    public WorkflowEngine Engine { get; }

    /// <summary>The wake-up queue, for tests that lose, copy or count messages.</summary>
    public QueueClient Queue { get; }

    /// <summary>A prefix of this test's own under the class fixture's, so the fixture still cleans it up.</summary>
    public static string NewPrefix(IsolatedStorage storage) => $"{storage.Prefix}x{Interlocked.Increment(ref prefixes)}";

    /// <summary>Short leases and pauses, so a test sees a crashed host's step come back in seconds.</summary>
    public static WorkflowOptions FastOptions(string prefix) => new()
    {
        Prefix = prefix,
        LeaseDuration = TimeSpan.FromSeconds(2),
        MessageVisibilityTimeout = TimeSpan.FromSeconds(3),
        RetryBaseDelay = TimeSpan.FromMilliseconds(100),
        RetryMaxDelay = TimeSpan.FromSeconds(1),
        IdleDelayMin = TimeSpan.FromMilliseconds(20),
        IdleDelayMax = TimeSpan.FromMilliseconds(200),
        SweepGrace = TimeSpan.FromSeconds(1),
    };

    public static TestHost Create(IsolatedStorage storage, WorkflowOptions options, TimeProvider? clock, params WorkflowDefinition[] definitions)
    {
        var queues = new QueueServiceClient(storage.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var engine = new WorkflowEngine(new TableServiceClient(storage.ConnectionString), queues, new WorkflowRegistry(definitions),
            Options.Create(options), clock ?? TimeProvider.System, NullLogger<WorkflowEngine>.Instance);
        return new TestHost(engine, queues.GetQueueClient(engine.QueueName));
    }

    public static TestHost Create(IsolatedStorage storage, string prefix, params WorkflowDefinition[] definitions) =>
        Create(storage, FastOptions(prefix), null, definitions);

    public async Task StartDispatcherAsync()
    {
        dispatcher = new WorkflowDispatcher(Engine, NullLogger<WorkflowDispatcher>.Instance);
        await dispatcher.StartAsync(CancellationToken.None);
    }

    /// <summary>Stops the dispatcher: steps in flight are cancelled and commit nothing, as if the process died.</summary>
    public async ValueTask DisposeAsync()
    {
        if (dispatcher is not null)
        {
            await dispatcher.StopAsync(CancellationToken.None);
            dispatcher.Dispose();
            dispatcher = null;
        }
    }

    /// <summary>Receives the next visible wake-up (waiting for one), and leaves it to the caller.</summary>
    public async Task<QueueMessage> ReceiveAsync() =>
        (await Eventually.ResultAsync(async () => (await Queue.ReceiveMessageAsync(TimeSpan.FromSeconds(30))).Value,
            m => m is not null, Wait, "a wake-up message"))!;

    /// <summary>As the Functions host would: hands every visible message to the engine, then deletes it.</summary>
    public async Task<int> PumpOnceAsync()
    {
        var messages = (await Queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value;
        foreach (var message in messages)
        {
            await Engine.ProcessMessageAsync(message.Body.ToString());
            await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }
        return messages.Length;
    }

    /// <summary>Pumps until the instance reaches the wanted status.</summary>
    public Task<WorkflowStatus> PumpUntilAsync(string instanceId, WorkflowRuntimeStatus status) =>
        Eventually.ResultAsync(async () =>
        {
            await PumpOnceAsync();
            return await Engine.GetStatusAsync(instanceId, includeHistory: true);
        }, s => Reached(s, status), Wait, $"{instanceId} to be {status}")!;

    /// <summary>Waits (while the dispatcher works) until the instance reaches the wanted status, history written.</summary>
    public Task<WorkflowStatus> WaitForAsync(string instanceId, WorkflowRuntimeStatus status) =>
        Eventually.ResultAsync(() => Engine.GetStatusAsync(instanceId, includeHistory: true),
            s => Reached(s, status), Wait, $"{instanceId} to be {status}")!;

    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    // A finished row is committed with its closing event; checking for the event too costs nothing.
    private static bool Reached(WorkflowStatus? s, WorkflowRuntimeStatus wanted) =>
        s?.RuntimeStatus == wanted
        && (wanted is WorkflowRuntimeStatus.Pending or WorkflowRuntimeStatus.Running
            || s.History!.Any(e => e.EventType is WorkflowHistoryEventType.Finished or WorkflowHistoryEventType.Terminated));
}
