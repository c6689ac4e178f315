using Microsoft.Extensions.Logging;
using Switchboard.Workflows.Storage;

namespace Switchboard.Workflows.Engine;

/// <summary>What every part of one engine shares: its storage, definitions, options, clock, logger and worker id.</summary>
internal sealed class EngineContext(WorkflowStorage storage, WorkflowRegistry registry, WorkflowOptions options, TimeProvider clock, ILogger logger)
{
    public WorkflowStorage Storage { get; } = storage;
    public InstanceStore Instances { get; } = new(storage);
    public HistoryStore History { get; } = new(storage);
    public WakeUpQueue Queue { get; } = new(storage);
    public LocalWakeUps LocalWakeUps { get; } = new();
    public WorkflowRegistry Registry { get; } = registry;
    public WorkflowOptions Options { get; } = options;
    public TimeProvider Clock { get; } = clock;
    public ILogger Logger { get; } = logger;

    /// <summary>Names this engine in the leases it takes, for whoever reads a row while a step runs.</summary>
    public string OwnerId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    public DateTimeOffset Now => Clock.GetUtcNow();
}
