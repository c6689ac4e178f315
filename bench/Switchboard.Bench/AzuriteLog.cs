using System.Text;
using System.Text.RegularExpressions;

namespace Switchboard.Bench;

/// <summary>
/// Counts the requests an Azurite started with <c>--debug FILE</c> received, read from that log as it grows:
/// one "StorageContextMiddleware: RequestMethod=..." line per HTTP request (an entity group transaction is one
/// request). Requests whose user agent starts with the harness's application id are counted apart.
/// </summary>
public sealed partial class AzuriteLog(string path)
{
    private long offset;

    /// <summary>Skips what the log holds so far.</summary>
    public async Task SkipToEndAsync() => await ReadNewAsync();

    /// <summary>Requests logged since the last read, by "service METHOD resource", the harness's apart.</summary>
    public async Task<StorageCalls> ReadNewAsync()
    {
        // Azurite writes its log asynchronously, far behind after a burst: wait until it has stopped growing.
        var length = -1L;
        for (var waited = 0; waited < 60; waited++)
        {
            await Task.Delay(500);
            var now = new FileInfo(path).Length;
            if (now == length)
            {
                break;
            }
            length = now;
        }
        var calls = new StorageCalls();
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
                Count(Encoding.UTF8.GetString([.. pending]), calls);
                offset += pending.Count + 1;
                pending.Clear();
                start = i + 1;
            }
            pending.AddRange(new ArraySegment<byte>(buffer, start, read - start));
        }
        // A line without its newline yet is read next time.
        return calls;
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

    /// <summary>"WorkflowInstances", "$batch", "workflow-wakeups/messages", "workflow-wakeups/messages/{id}".</summary>
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
        if (parts.Length >= 3)
        {
            resource += "/" + parts[2];
        }
        if (parts.Length >= 4)
        {
            resource += "/{id}";
        }
        return resource;
    }

    [GeneratedRegex(@"(?<kind>Table|Queue|Blob)StorageContextMiddleware: RequestMethod=(?<method>\S+) RequestURL=(?<url>\S+) RequestHeaders:(?<headers>\{.*?\}) ClientIP=")]
    private static partial Regex RequestLine();

    [GeneratedRegex("\"user-agent\":\"([^\"]*)\"")]
    private static partial Regex UserAgent();
}

/// <summary>Requests by "service METHOD resource".</summary>
public sealed class StorageCalls
{
    public SortedDictionary<string, long> Service { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> Harness { get; } = new(StringComparer.Ordinal);

    public long ServiceTotal => Service.Values.Sum();
    public long HarnessTotal => Harness.Values.Sum();
}

internal static class CountExtensions
{
    public static void Add(this SortedDictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
