using System.Text;
using System.Text.RegularExpressions;

namespace Switchboard.Bench;

/// <summary>
/// Counts the requests an Azurite started with <c>--debug FILE</c> received, read from that log as it grows:
/// one "StorageContextMiddleware: RequestMethod=..." line per HTTP request (an entity group transaction is one
/// request). Requests whose user agent starts with the harness's application id are counted apart.
/// <para>
/// Azurite writes its log asynchronously, far behind after a burst, and a Server process never stops calling
/// (its Durable Task worker polls its queues and renews its leases), so "the log stopped growing" never comes.
/// A read therefore ends at a <em>mark</em>: the harness makes one request of its own to a queue name nobody
/// else uses and reads until that request's line. Azurite logs requests in the order it receives them, so
/// everything before the mark happened before the harness asked; what came after is left for the next read.
/// </para>
/// </summary>
public sealed partial class AzuriteLog(string path, RawClients marker)
{
    private long offset;

    /// <summary>Skips what the log holds so far.</summary>
    public async Task SkipToEndAsync() => await ReadNewAsync();

    /// <summary>Requests logged since the last read, up to a mark made now, by "service METHOD resource", the harness's apart.</summary>
    public async Task<StorageCalls> ReadNewAsync()
    {
        var mark = "benchmark-" + Guid.NewGuid().ToString("N");
        await marker.Queues.GetQueueClient(mark).ExistsAsync();
        var calls = new StorageCalls();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            if (await ReadUntilAsync(mark, calls))
            {
                return calls;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Azurite's debug log ({path}) did not show the harness's mark within 2 minutes.");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Counts complete lines from the offset on; true (the offset just past it) once the mark's line was read.</summary>
    private async Task<bool> ReadUntilAsync(string mark, StorageCalls calls)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[1 << 20];
        var pending = new List<byte>();
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }
                pending.AddRange(new ArraySegment<byte>(buffer, start, i - start));
                var line = Encoding.UTF8.GetString([.. pending]);
                offset += pending.Count + 1;
                pending.Clear();
                start = i + 1;
                if (line.Contains(mark, StringComparison.Ordinal))
                {
                    return true;
                }
                Count(line, calls);
            }
            pending.AddRange(new ArraySegment<byte>(buffer, start, read - start));
        }
        // A line without its newline yet is read next time.
        return false;
    }

    private static void Count(string line, StorageCalls calls)
    {
        var request = RequestLine().Match(line);
        if (!request.Success)
        {
            return;
        }
        var kind = request.Groups["kind"].Value.ToLowerInvariant();
        var method = request.Groups["method"].Value;
        var path = new Uri(request.Groups["url"].Value).AbsolutePath;
        var agent = UserAgent().Match(request.Groups["headers"].Value);
        var fromHarness = agent.Success && agent.Groups[1].Value.StartsWith(RawClients.ApplicationId, StringComparison.Ordinal);
        (fromHarness ? calls.Harness : calls.Service).Add($"{kind} {method} {ResourceOf(path)}");
    }

    /// <summary>
    /// "Connections", "Connections[guard]", "$batch", a task hub's "benchHubHistory", "benchhub-control-*/messages",
    /// "benchhub-workitems/messages/{id}", "benchhub-leases/{id}".
    /// </summary>
    private static string ResourceOf(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return "(account)";
        }
        var resource = parts[1];
        var paren = resource.IndexOf('(', StringComparison.Ordinal);
        // A hub's guard row shares the Connections partition: name it apart, it is a call of its own kind.
        var guard = paren >= 0 && resource.Contains("RowKey='guard'", StringComparison.Ordinal);
        resource = (paren >= 0 ? resource[..paren] : resource) + (guard ? "[guard]" : "");
        // A task hub's control queues are one kind of call, whichever partition's queue it is.
        resource = ControlQueue().Replace(resource, "-control-*");
        if (parts.Length >= 3)
        {
            resource += "/" + (resource.EndsWith("-leases", StringComparison.Ordinal) || resource.EndsWith("-largemessages", StringComparison.Ordinal) ? "{id}" : parts[2]);
        }
        if (parts.Length >= 4 && !resource.EndsWith("{id}", StringComparison.Ordinal))
        {
            resource += "/{id}";
        }
        return resource;
    }

    [GeneratedRegex(@"(?<kind>Table|Queue|Blob)StorageContextMiddleware: RequestMethod=(?<method>\S+) RequestURL=(?<url>\S+) RequestHeaders:(?<headers>\{.*?\}) ClientIP=")]
    private static partial Regex RequestLine();

    [GeneratedRegex("\"user-agent\":\"([^\"]*)\"")]
    private static partial Regex UserAgent();

    [GeneratedRegex(@"-control-\d+$")]
    private static partial Regex ControlQueue();
}

/// <summary>Requests by "service METHOD resource".</summary>
public sealed class StorageCalls
{
    public SortedDictionary<string, long> Service { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> Harness { get; } = new(StringComparer.Ordinal);

    public long ServiceTotal => Service.Values.Sum();
    public long HarnessTotal => Harness.Values.Sum();

    /// <summary>
    /// The service's calls to a task hub's own tables, queues and blobs (named after the hub: <c>{hub}History</c>,
    /// <c>{hub}Instances</c>, <c>{hub}Partitions</c>, <c>{hub}-control-NN</c>, <c>{hub}-workitems</c>,
    /// <c>{hub}-leases</c>, <c>{hub}-largemessages</c>), by kind.
    /// </summary>
    public SortedDictionary<string, long> OfHub(string hub) =>
        new(Service.Where(p => IsHub(p.Key, hub)).ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);

    /// <summary>The service's calls to anything but the given task hubs (its own tables and queues).</summary>
    public SortedDictionary<string, long> WithoutHubs(params string[] hubs) =>
        new(Service.Where(p => !hubs.Any(h => IsHub(p.Key, h))).ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);

    /// <summary>"table GET benchHubHistory" and "queue GET benchhub-control-*/messages" are the hub's (names are case-insensitive).</summary>
    public static bool IsHub(string kind, string hub)
    {
        var resource = kind.Split(' ', 3) is [_, _, var r] ? r : kind;
        return resource.StartsWith(hub, StringComparison.OrdinalIgnoreCase)
            && (resource.Length == hub.Length || resource[hub.Length] is '-' || char.IsUpper(resource[hub.Length]));
    }
}

internal static class CountExtensions
{
    public static void Add(this SortedDictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
