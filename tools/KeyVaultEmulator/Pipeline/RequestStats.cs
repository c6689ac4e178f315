using System.Collections.Concurrent;

namespace Switchboard.KeyVaultEmulator.Pipeline;

/// <summary>What a vault was asked, for tests and benchmarks that count calls.</summary>
public sealed record StatsSnapshot(
    long TotalRequests,
    long Unauthenticated,
    long Throttled,
    long InjectedErrors,
    long Forbidden,
    IReadOnlyDictionary<string, long> Operations,
    IReadOnlyDictionary<string, long> StatusCodes);

/// <summary>
/// Counters. <c>Operations</c> counts authenticated requests by operation whatever their fate,
/// so a call the SDK retried twice after 429s counts three times; the 401 challenge that precedes
/// a client's first call is counted apart, in <c>Unauthenticated</c>.
/// </summary>
public sealed class RequestStats
{
    private readonly ConcurrentDictionary<string, long> _operations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _statusCodes = new(StringComparer.Ordinal);
    private long _total;
    private long _unauthenticated;
    private long _throttled;
    private long _injectedErrors;
    private long _forbidden;

    internal void Request() => Interlocked.Increment(ref _total);

    internal void Unauthenticated() => Interlocked.Increment(ref _unauthenticated);

    internal void Throttled() => Interlocked.Increment(ref _throttled);

    internal void InjectedError() => Interlocked.Increment(ref _injectedErrors);

    internal void Forbidden() => Interlocked.Increment(ref _forbidden);

    internal void Operation(string name) => _operations.AddOrUpdate(name, 1, (_, n) => n + 1);

    internal void Status(int status) =>
        _statusCodes.AddOrUpdate(status.ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, n) => n + 1);

    public StatsSnapshot Snapshot() => new(
        Interlocked.Read(ref _total),
        Interlocked.Read(ref _unauthenticated),
        Interlocked.Read(ref _throttled),
        Interlocked.Read(ref _injectedErrors),
        Interlocked.Read(ref _forbidden),
        new SortedDictionary<string, long>(_operations, StringComparer.Ordinal),
        new SortedDictionary<string, long>(_statusCodes, StringComparer.Ordinal));

    public void Clear()
    {
        _operations.Clear();
        _statusCodes.Clear();
        Interlocked.Exchange(ref _total, 0);
        Interlocked.Exchange(ref _unauthenticated, 0);
        Interlocked.Exchange(ref _throttled, 0);
        Interlocked.Exchange(ref _injectedErrors, 0);
        Interlocked.Exchange(ref _forbidden, 0);
    }
}
