using System.Diagnostics;

namespace Switchboard.Bench;

/// <summary>Latencies of one side (the API or its raw baseline) of a measurement, and how long it took.</summary>
public sealed class Sample
{
    private readonly List<double> latencies = [];

    public double ElapsedSeconds { get; private set; }
    public int Errors { get; private set; }
    public List<string> ErrorMessages { get; } = [];
    public int Count => latencies.Count;
    public IReadOnlyList<double> Latencies => latencies;

    public void Add(double[] chunk, int count, double elapsedSeconds, int errors, IEnumerable<string> messages)
    {
        latencies.AddRange(chunk.Take(count));
        ElapsedSeconds += elapsedSeconds;
        Errors += errors;
        foreach (var message in messages)
        {
            if (ErrorMessages.Count < 5)
            {
                ErrorMessages.Add(message);
            }
        }
    }

    public void AddLatency(double milliseconds) => latencies.Add(milliseconds);

    public void SetElapsed(double seconds) => ElapsedSeconds = seconds;

    public Stats Stats()
    {
        var sorted = latencies.Order().ToArray();
        return new Stats(
            sorted.Length,
            Percentile(sorted, 0.50),
            Percentile(sorted, 0.95),
            Percentile(sorted, 0.99),
            sorted.Length == 0 ? 0 : sorted.Average(),
            ElapsedSeconds > 0 ? sorted.Length / ElapsedSeconds : 0,
            Errors);
    }

    /// <summary>Nearest rank.</summary>
    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>Milliseconds, and operations a second.</summary>
public sealed record Stats(int Count, double P50, double P95, double P99, double Mean, double Throughput, int Errors);

/// <summary>Runs an operation a given number of times from a given number of concurrent clients.</summary>
public static class Load
{
    /// <summary><paramref name="operation"/> gets a running index (for picking rows round-robin) and throws on failure.</summary>
    public static async Task RunAsync(Sample into, int concurrency, int count, Func<int, Task> operation, int indexOffset = 0)
    {
        var latencies = new double[count];
        var next = -1;
        var recorded = 0;
        var errors = 0;
        var messages = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var total = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Math.Min(concurrency, count)).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await operation(indexOffset + i);
                    latencies[Interlocked.Increment(ref recorded) - 1] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref errors);
                    if (messages.Count < 5)
                    {
                        messages.Enqueue(e.GetType().Name + ": " + e.Message);
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        into.Add(latencies, recorded, total.Elapsed.TotalSeconds, errors, messages);
    }

    /// <summary>
    /// The API and its raw baseline, in alternating rounds (raw first, then API first, ...), so a drift in the
    /// machine's load lands on both sides alike.
    /// </summary>
    public static async Task<(Sample Raw, Sample Api)> CompareAsync(int concurrency, int countPerSide, int rounds,
        Func<int, Task> raw, Func<int, Task> api)
    {
        var (rawSample, apiSample) = (new Sample(), new Sample());
        var perRound = Math.Max(1, countPerSide / rounds);
        for (var round = 0; round < rounds; round++)
        {
            var offset = round * perRound;
            if (round % 2 == 0)
            {
                await RunAsync(rawSample, concurrency, perRound, raw, offset);
                await RunAsync(apiSample, concurrency, perRound, api, offset);
            }
            else
            {
                await RunAsync(apiSample, concurrency, perRound, api, offset);
                await RunAsync(rawSample, concurrency, perRound, raw, offset);
            }
        }
        return (rawSample, apiSample);
    }
}
