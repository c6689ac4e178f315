using System.Collections.Concurrent;

namespace Switchboard.Workflows.Tests.Support;

/// <summary>
/// What steps did, counted per instance and step, outside the engine's storage (as a real side effect would be).
/// Also notices two runs of the same step overlapping in time.
/// </summary>
internal sealed class Effects
{
    private readonly ConcurrentDictionary<string, int> counts = new();
    private readonly ConcurrentDictionary<string, byte> inProgress = new();
    private int overlaps;

    public int Overlaps => Volatile.Read(ref overlaps);

    public void Record(string instanceId, string step) => counts.AddOrUpdate($"{instanceId}/{step}", 1, (_, n) => n + 1);

    public int Count(string instanceId, string step) => counts.GetValueOrDefault($"{instanceId}/{step}");

    /// <summary>Records the effect and holds it "in progress" for a while, flagging any concurrent run of the same step.</summary>
    public async Task RecordExclusiveAsync(string instanceId, string step, TimeSpan duration)
    {
        var key = $"{instanceId}/{step}";
        if (!inProgress.TryAdd(key, 0))
        {
            Interlocked.Increment(ref overlaps);
        }
        Record(instanceId, step);
        try
        {
            await Task.Delay(duration);
        }
        finally
        {
            inProgress.TryRemove(key, out _);
        }
    }
}
