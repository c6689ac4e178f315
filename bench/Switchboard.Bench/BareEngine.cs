using System.Globalization;
using System.Text.Json;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging;

namespace Switchboard.Bench;

/// <summary>
/// The Durable Task settings of scenario 4, once for both sides: the harness passes them to every Server it starts
/// (<c>Switchboard__Durable__*</c>) and builds <see cref="BareEngine"/> with the same values. They are the Server's
/// defaults (src/Switchboard.Server/Durable/DurableTaskOptions.cs).
/// </summary>
public static class EngineSettings
{
    public const int PartitionCount = 4;
    public static readonly TimeSpan MessageVisibilityTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LeaseInterval = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan MaxPollingInterval = TimeSpan.FromSeconds(1);
    public const int MaxConcurrentActivities = 16;
    public const int MaxConcurrentOrchestrations = 16;

    public static IEnumerable<(string Key, string Value)> Server =>
    [
        ("PartitionCount", PartitionCount.ToString(CultureInfo.InvariantCulture)),
        ("MessageVisibilityTimeout", MessageVisibilityTimeout.ToString("c", CultureInfo.InvariantCulture)),
        ("LeaseInterval", LeaseInterval.ToString("c", CultureInfo.InvariantCulture)),
        ("MaxPollingInterval", MaxPollingInterval.ToString("c", CultureInfo.InvariantCulture)),
        ("MaxConcurrentActivities", MaxConcurrentActivities.ToString(CultureInfo.InvariantCulture)),
        ("MaxConcurrentOrchestrations", MaxConcurrentOrchestrations.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>The provider's settings exactly as src/Switchboard.Server/Durable/DurableTaskHosting.cs builds them.</summary>
    public static AzureStorageOrchestrationServiceSettings For(string storage, string hubName, ILoggerFactory loggers) => new()
    {
        StorageAccountClientProvider = new StorageAccountClientProvider(storage),
        TaskHubName = hubName,
        PartitionCount = PartitionCount,
        ControlQueueVisibilityTimeout = MessageVisibilityTimeout,
        WorkItemQueueVisibilityTimeout = MessageVisibilityTimeout,
        LeaseInterval = LeaseInterval,
        LeaseRenewInterval = LeaseInterval / 3,
        LeaseAcquireInterval = LeaseInterval / 3,
        MaxQueuePollingInterval = MaxPollingInterval,
        MaxConcurrentTaskActivityWorkItems = MaxConcurrentActivities,
        MaxConcurrentTaskOrchestrationWorkItems = MaxConcurrentOrchestrations,
        LoggerFactory = loggers,
    };
}

/// <summary>
/// Scenario 4's yardstick: the engine alone. A <see cref="TaskHubWorker"/> in the harness's process on the Azure
/// Storage provider, with the Server's packages and settings and a task hub of its own, running
/// <see cref="NoOpOrchestrator"/> (five activities in sequence, each doing nothing), registered through the same
/// Durable Task shims as the Server's classes and started through a <see cref="TaskHubClient"/> with the same
/// System.Text.Json converter. What it takes is what the engine takes on this machine and this Azurite.
/// </summary>
public sealed class BareEngine : IAsyncDisposable
{
    public const string Orchestration = "NoOpRotation";
    public const string Activity = "NoOp";
    public const int Activities = 5;

    private readonly AzureStorageOrchestrationService service;
    private readonly TaskHubWorker worker;

    private BareEngine(string hubName, AzureStorageOrchestrationService service, TaskHubWorker worker, TaskHubClient client, EngineLog log)
    {
        HubName = hubName;
        this.service = service;
        this.worker = worker;
        Client = client;
        Log = log;
    }

    public string HubName { get; }
    public TaskHubClient Client { get; }

    /// <summary>The engine's warnings and errors (written to a file and counted; nothing below Warning).</summary>
    public EngineLog Log { get; }

    public static async Task<BareEngine> StartAsync(string storage, string hubName, string logPath)
    {
        // Warnings and errors only: the engine's own cost, not that of writing its log (the Server logs it at Information).
        var loggers = new EngineLog(logPath);
        var service = new AzureStorageOrchestrationService(EngineSettings.For(storage, hubName, loggers));
        await service.CreateIfNotExistsAsync();
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions(), loggers);
        var worker = new TaskHubWorker(service, loggers);
        worker.AddTaskOrchestrations(new Creator<TaskOrchestration>(Orchestration, () => shims.CreateOrchestration(Orchestration, new NoOpOrchestrator(), null)));
        worker.AddTaskActivities(new Creator<TaskActivity>(Activity, () => shims.CreateActivity(Activity, new NoOpActivity())));
        await worker.StartAsync();
        return new BareEngine(hubName, service, worker, new TaskHubClient(service, new SystemTextJsonConverter(), loggers), loggers);
    }

    /// <summary>Starts one no-op orchestration; its input is about the size of a rotation's.</summary>
    public Task StartAsync(string instanceId) =>
        Client.CreateOrchestrationInstanceAsync(Orchestration, "", instanceId, new string('x', 300));

    /// <summary>Completed, and when (the engine's last update), or null while it runs.</summary>
    public async Task<(string Status, DateTimeOffset LastUpdatedAt)?> FinishedAsync(string instanceId)
    {
        var state = await Client.GetOrchestrationStateAsync(instanceId);
        return state?.OrchestrationStatus switch
        {
            null or OrchestrationStatus.Pending or OrchestrationStatus.Running or OrchestrationStatus.ContinuedAsNew => null,
            _ => (state.OrchestrationStatus.ToString(), new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc))),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await worker.StopAsync(isForced: true);
        service.Dispose();
        Log.Dispose();
    }

    /// <summary>Five activities in sequence, each handed the previous one's output.</summary>
    public sealed class NoOpOrchestrator : TaskOrchestrator<string, string>
    {
        public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
        {
            for (var i = 0; i < Activities; i++)
            {
                input = await context.CallActivityAsync<string>(Activity, input);
            }
            return input.Length.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Does nothing.</summary>
    public sealed class NoOpActivity : Microsoft.DurableTask.TaskActivity<string, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult(input);
    }

    /// <summary>A fresh shim for each work item, as the Server's ShimCreator makes them.</summary>
    private sealed class Creator<T> : ObjectCreator<T>
    {
        private readonly Func<T> create;

        public Creator(string name, Func<T> create)
        {
            Name = name;
            Version = "";
            this.create = create;
        }

        public override T Create() => create();
    }

    /// <summary>The Server's converter (src/Switchboard.Server/Durable/SystemTextJsonConverter.cs): inputs as the shims read them.</summary>
    private sealed class SystemTextJsonConverter : DurableTask.Core.Serializing.DataConverter
    {
        public override string? Serialize(object? value) => Serialize(value, false);

        public override string? Serialize(object? value, bool formatted) =>
            value is null ? null : JsonSerializer.Serialize(value, value.GetType());

        public override object? Deserialize(string? data, Type objectType) =>
            data is null ? null : JsonSerializer.Deserialize(data, objectType);
    }
}

/// <summary>
/// The bare engine's logger: warnings and errors, one line each in a file, counted by "category event level" the
/// way <see cref="ServiceLogEvents"/> counts a Server's, so both sides' trouble (messages abandoned, leases lost,
/// pop receipts that no longer match) can be compared.
/// </summary>
public sealed class EngineLog(string path) : ILoggerFactory
{
    private readonly StreamWriter file = new(path, append: false) { AutoFlush = true };
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> counts = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> Counts => new(counts, StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
        lock (file)
        {
            file.Dispose();
        }
    }

    private void Write(string category, LogLevel level, EventId id, string message)
    {
        counts.AddOrUpdate($"{category} {id.Id} {level}", 1, (_, n) => n + 1);
        lock (file)
        {
            try
            {
                file.WriteLine($"{DateTime.UtcNow:O} {level} {category}[{id.Id}] {message.ReplaceLineEndings(" ")}");
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private sealed class Logger(EngineLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Write(category, logLevel, eventId, formatter(state, exception) + (exception is null ? "" : " " + exception.GetType().Name + ": " + exception.Message));
            }
        }
    }
}

/// <summary>A Server's warnings and errors, from its log (JSON lines), by "category event level".</summary>
public static class ServiceLogEvents
{
    /// <summary>Counts the lines from byte <paramref name="from"/> on.</summary>
    public static SortedDictionary<string, long> Count(string path, long from)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(from, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (!line.Contains("\"LogLevel\":\"Warning\"", StringComparison.Ordinal) && !line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal)
                && !line.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal))
            {
                continue;
            }
            try
            {
                using var doc = JsonDocument.Parse(line);
                var e = doc.RootElement;
                counts.Add($"{e.GetProperty("Category").GetString()} {e.GetProperty("EventId").GetInt32()} {e.GetProperty("LogLevel").GetString()}");
            }
            catch (JsonException)
            {
            }
        }
        return counts;
    }
}
