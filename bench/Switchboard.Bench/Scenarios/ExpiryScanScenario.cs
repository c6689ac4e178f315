using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure.Data.Tables;

namespace Switchboard.Bench.Scenarios;

/// <summary>
/// Scenario 5: the expiry scan (ExpiryService.ScanAsync over the ExpiryIndex table: partition = due day
/// "dYYYYMMDD", a watermark row) at 1,000 and at 100,000 connections, 100 of them due. Connection rows (cloned
/// from a row the service wrote) and their index entries are written straight to the tables in entity group
/// transactions (100 a batch, several batches at once), since 100,000 creates through the API would take most
/// of the run. The scan runs in a Server of its own (the <em>expiry service</em>) on the counting Azurite and the
/// counting service's tables, whose ExpiryScan job is scheduled every <see cref="PeriodSeconds"/> seconds
/// (<c>Switchboard__Schedules__ExpiryScan</c>): the Server has no way to be asked for a scan. A scan's time is from
/// its scheduled instant to the job's log line ("Expiry scan: 100 due, ...", with the logger's UTC timestamp); its
/// storage calls are counted in the Azurite log between a mark made before that instant and one made after the
/// line (the task hubs' calls left out). The baseline, on the same Azurite: one TableClient query over the due day
/// partitions plus one point read per due connection, which is what a scan that reads only what is due needs at
/// least. Each size is scanned a few times, each time on a fresh set of 100 due connections, written (and read
/// by the baseline) just after a scan, so the next scheduled one finds them; one unmeasured scan of 100 due first.
/// </summary>
public sealed partial class ExpiryScanScenario : IScenario
{
    private const int Due = 100;
    private const int BatchSize = 100;
    private const int Concurrency = 6;

    /// <summary>The expiry service's schedule: a scan every this many seconds, on the multiples of it.</summary>
    public const int PeriodSeconds = 5;

    public const string HubName = "countExpiry";

    /// <summary>How long to wait for a scan: the debug Azurite, on a busy machine, has stalled for 25 s at a time.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    public int Number => 5;
    public string Name => "Expiry scan, 1,000 and 100,000 connections, 100 due";
    // The expiry issue's target: the scan's cost follows what is due, not the hub's size.
    public string Target => "the scan at 100,000 connections within 2x of its time at 1,000 (100 due at both)";

    public async Task RunAsync(BenchContext context, ScenarioResult result)
    {
        if (await context.CountingAsync() is not { } stack)
        {
            result.Status = "skipped";
            result.Measured = "skipped: needs the counting service (bench/run.sh starts it)";
            return;
        }
        var run = context.RunId;
        var connections = stack.Raw.Tables.GetTableClient(CountingStack.Prefix + "Connections");
        var index = stack.Raw.Tables.GetTableClient(CountingStack.Prefix + "ExpiryIndex");
        await connections.CreateIfNotExistsAsync();
        await index.CreateIfNotExistsAsync();
        await using var scanner = await StartScannerAsync(context, stack);
        var scanLog = new ScanLog(scanner.LogPath);
        var warmed = false;

        var sizes = new[] { 1_000, context.Options.Quick ? 10_000 : 100_000 };
        var scans = context.Options.Scale(3, 2) >= 3 ? 3 : 2;
        var ratios = new List<string>();
        var p50s = new Dictionary<int, double>();
        foreach (var size in sizes)
        {
            var hub = $"expiry{size / 1000}k{run}";
            await BenchContext.EnsureHubAsync(stack.Api, hub);
            // One connection through the API, with an expiry: its row is the template of every seeded row.
            await stack.Api.CallAsync(HttpMethod.Post, $"api/hubs/{hub}/connections", WithExpiry(BenchContext.OpenAiConnection("template", "sk-bench-template"),
                DateTimeOffset.UtcNow.AddDays(200)), HttpStatusCode.Created);
            var template = (await connections.GetEntityAsync<TableEntity>(hub, "c|template")).Value;

            var seed = Stopwatch.StartNew();
            var now = DateTimeOffset.UtcNow;
            // size - 1 (the template) - 100 (the first due set) rows due in the future, over the next 300 days.
            var future = Enumerable.Range(0, size - 1 - Due).Select(i =>
                (Alias: $"f{i:D6}", DueAt: now.Date.AddDays(1 + i % 300).AddMinutes(i % 1440) is var d ? new DateTimeOffset(d, TimeSpan.Zero) : default)).ToList();
            await SeedAsync(connections, index, template, hub, future);
            // Azurite works through its log long after a burst of writes: until it has, it answers slowly.
            await stack.Log.SkipToEndAsync();
            result.Notes.Add(Report.Inv($"{size:N0} connections: seeded {future.Count:N0} future rows and index entries in {seed.Elapsed.TotalSeconds:0.0} s ({future.Count * 2 / BatchSize} transactions, {Concurrency} at once)."));

            var scanSample = new Sample();
            var rawSample = new Sample();
            // One unmeasured scan of 100 due first, on the first size: the expiry service's first scan compiles its code.
            for (var round = warmed ? 0 : -1; round < scans; round++)
            {
                // Just after a scan, a fresh due set and the baseline's read of it; then the next scheduled scan.
                // Should a scan start before the set is ready (Azurite stalls now and then on a busy machine), the
                // set is left to the scans and the round starts again with a fresh one.
                List<(string Alias, DateTimeOffset DueAt)> due;
                double rawMs;
                DateTimeOffset mark, nextScan;
                for (var attempt = 1; ; attempt++)
                {
                    nextScan = await scanLog.SyncAsync();
                    now = DateTimeOffset.UtcNow;
                    var set = $"d{round + 1}a{attempt}";
                    due = [.. Enumerable.Range(0, Due).Select(i => (Alias: $"{set}-{i:D3}", DueAt: now.AddMinutes(-1)))];
                    await SeedAsync(connections, index, template, hub, due);

                    // Warm the harness's table clients (unmeasured).
                    for (var w = 0; w < 20; w++)
                    {
                        await connections.GetEntityAsync<TableEntity>(hub, "c|template");
                    }

                    // The baseline: the due day partitions in one query, then one point read per due connection.
                    var raw = Stopwatch.StartNew();
                    var entries = new List<TableEntity>();
                    var from = Day(now.AddDays(-1));
                    await foreach (var e in index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter(
                        $"PartitionKey ge {from} and PartitionKey le {Day(now)} and DueAt le {now}")))
                    {
                        entries.Add(e);
                    }
                    foreach (var e in entries)
                    {
                        await connections.GetEntityAsync<TableEntity>(e.GetString("Hub"), "c|" + e.GetString("Alias"));
                    }
                    rawMs = raw.Elapsed.TotalMilliseconds;
                    if (entries.Count != Due)
                    {
                        result.Notes.Add($"{size:N0} connections, scan {round + 1}: the raw query found {entries.Count} due entries, not {Due}.");
                    }

                    // The mark in Azurite's log, before the next scheduled scan: what follows it is the scan's.
                    mark = DateTimeOffset.UtcNow;
                    await stack.Log.SkipToEndAsync();
                    if (DateTimeOffset.UtcNow < nextScan)
                    {
                        break;
                    }
                    if (attempt == 3)
                    {
                        result.Notes.Add($"{size:N0} connections, scan {round + 1}: three times a scan started before the due set was ready; this one is measured anyway.");
                        break;
                    }
                    result.Notes.Add($"{size:N0} connections, scan {round + 1}: a scan started before the due set was ready; done again with a fresh set.");
                    // The scan that started, and one for whatever it left.
                    await scanLog.NextAsync(DateTimeOffset.UtcNow, Patience);
                    await scanLog.NextAsync(DateTimeOffset.UtcNow, Patience);
                }
                if (round >= 0)
                {
                    rawSample.AddLatency(rawMs);
                }

                // The scan of the instant SyncAsync named: the scheduler was waiting for it, and it is the first to
                // see the due set (which was ready before it). A stall of Azurite's may make it longer than a period.
                var (scannedAt, dueFound) = await scanLog.NextAsync(mark, Patience);
                var scheduled = nextScan;
                if (round < 0)
                {
                    warmed = true;
                    result.Notes.Add(Report.Inv($"The unmeasured first scan (100 due, {size:N0} connections): {(scannedAt - scheduled).TotalMilliseconds:0} ms."));
                    continue;
                }
                scanSample.AddLatency((scannedAt - scheduled).TotalMilliseconds);
                if (dueFound != Due)
                {
                    result.Notes.Add($"{size:N0} connections, scan {round + 1}: the scan found {dueFound} due, not {Due}.");
                }
                if (round == 0)
                {
                    var calls = (await stack.Log.ReadNewAsync()).WithoutHubs(HubName, CountingStack.HubName);
                    var byKind = string.Join(", ", calls.Select(p => $"{p.Key} {p.Value}"));
                    result.Details[$"scanCalls{size}"] = calls;
                    result.Notes.Add($"{size:N0} connections: one scan of {Due} due made {calls.Values.Sum()} storage calls ({byKind}) (counted on the counting service); the baseline makes {Due + 1}.");
                }
                // Every due connection was announced: its row now says ExpiringSoon.
                var announced = 0;
                foreach (var (alias, _) in due)
                {
                    var row = (await connections.GetEntityAsync<TableEntity>(hub, "c|" + alias)).Value;
                    announced += row.GetString("NotifiedStatus") == "ExpiringSoon" ? 1 : 0;
                }
                if (announced != Due)
                {
                    result.Notes.Add($"{size:N0} connections, scan {round + 1}: {announced} of {Due} due connections announced.");
                }
            }
            var scanStats = scanSample.Stats();
            var rawStats = rawSample.Stats();
            var resultRow = new ResultRow(Report.Inv($"expiry scan of {Due} due vs due partitions raw + {Due} point reads, {size:N0} connections ({scans} scans)"), 1, scanStats, rawStats);
            result.Rows.Add(resultRow);
            p50s[size] = scanStats.P50;
            ratios.Add(Report.Inv($"{resultRow.RatioP50:0.00}x at {size:N0}"));
        }
        var growth = p50s[sizes[1]] / p50s[sizes[0]];
        result.Details["scanGrowth"] = Math.Round(growth, 2);
        result.Measured = Report.Inv($"{growth:0.0}x ({p50s[sizes[1]]:0} ms vs {p50s[sizes[0]]:0} ms p50); against reading the due rows raw: ") + string.Join(", ", ratios);
        result.Met = growth <= 2;
    }

    /// <summary>
    /// The expiry service: a Server on the counting Azurite, the counting service's tables and vault, a task hub
    /// of its own, and the ExpiryScan job every <see cref="PeriodSeconds"/> seconds (the other jobs never).
    /// </summary>
    private static async Task<ServiceProcess> StartScannerAsync(BenchContext context, CountingStack stack)
    {
        var port = ServiceProcess.FreePort();
        var environment = ServiceSettings.For(context.Options.CountStorage!, CountingStack.Prefix, stack.Vault, context.Emulator.CertificatePath,
            context.AdminKey, port, HubName);
        environment["Switchboard__Schedules__ExpiryScan"] = $"*/{PeriodSeconds} * * * * *";
        var scanner = ServiceProcess.Start(context.Options.App, environment, port, Path.Combine(context.Options.Work, "service-expiry.log"));
        await scanner.WaitForOkAsync(Stopwatch.GetTimestamp());
        return scanner;
    }

    /// <summary>
    /// The expiry service's scans, from its log (JSON lines, the logger's UTC timestamp to the millisecond):
    /// "Expiry scan: {Due} due, {Announced} announced, ..." once a scan has finished.
    /// </summary>
    private sealed partial class ScanLog(string path)
    {
        private readonly List<(DateTimeOffset At, int Due)> scans = [];
        private long offset;
        private string pending = "";

        /// <summary>The last scheduled instant at or before <paramref name="at"/>.</summary>
        public static DateTimeOffset Floor(DateTimeOffset at) =>
            new(at.UtcTicks - at.UtcTicks % TimeSpan.FromSeconds(PeriodSeconds).Ticks, TimeSpan.Zero);

        /// <summary>The first scan that finished after <paramref name="after"/>: when, and how many were due.</summary>
        public async Task<(DateTimeOffset At, int Due)> NextAsync(DateTimeOffset after, TimeSpan timeout)
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < timeout)
            {
                Read();
                if (scans.FirstOrDefault(s => s.At > after) is { At.Ticks: > 0 } next)
                {
                    return next;
                }
                await Task.Delay(50);
            }
            throw new TimeoutException($"No expiry scan was logged within {timeout.TotalSeconds:0} s; see {path}.");
        }

        /// <summary>
        /// Returns just after a scan: the one of the last scheduled instant has finished and the next instant (the
        /// answer) is at least half a period away, so due rows written now wait for the next scan, whole.
        /// </summary>
        public async Task<DateTimeOffset> SyncAsync()
        {
            while (true)
            {
                Read();
                var now = DateTimeOffset.UtcNow;
                var last = Floor(now);
                if (scans.Count > 0 && scans[^1].At >= last && last.AddSeconds(PeriodSeconds) - now >= TimeSpan.FromSeconds(PeriodSeconds / 2.0))
                {
                    return last.AddSeconds(PeriodSeconds);
                }
                await NextAsync(now, Patience);
            }
        }

        private void Read()
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(offset, SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var text = pending + reader.ReadToEnd();
            offset = stream.Length;
            var lines = text.Split('\n');
            pending = lines[^1];
            foreach (var line in lines[..^1])
            {
                if (ScanLine().Match(line) is { Success: true } m)
                {
                    scans.Add((DateTimeOffset.Parse(m.Groups["at"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal),
                        int.Parse(m.Groups["due"].Value, CultureInfo.InvariantCulture)));
                }
            }
        }

        [System.Text.RegularExpressions.GeneratedRegex(@"""Timestamp"":""(?<at>[^""]+)"".*Expiry scan: (?<due>\d+) due")]
        private static partial System.Text.RegularExpressions.Regex ScanLine();
    }

    private static string WithExpiry(string json, DateTimeOffset expiresAt)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        node["expiresAt"] = expiresAt.ToString("O", CultureInfo.InvariantCulture);
        return node.ToJsonString();
    }

    private static string Day(DateTimeOffset time) => "d" + time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Connection rows (the template's columns, a new id and alias, NotifiedStatus Valid, ExpiryDue = due time,
    /// ExpiresAt 30 days later for future rows and 10 days ahead for due ones, inside the default notifyBefore of
    /// 30 days) and their index entries, 100 a transaction, <see cref="Concurrency"/> transactions at once.
    /// </summary>
    private static async Task SeedAsync(TableClient connections, TableClient index, TableEntity template, string hub,
        List<(string Alias, DateTimeOffset DueAt)> rows)
    {
        var now = DateTimeOffset.UtcNow;
        var batches = new List<(TableClient Table, List<TableTransactionAction> Actions)>();
        var connectionRows = new List<TableTransactionAction>();
        var entries = new Dictionary<string, List<TableTransactionAction>>(StringComparer.Ordinal);
        foreach (var (alias, dueAt) in rows)
        {
            var id = Guid.NewGuid().ToString("N");
            var row = CreateConnectionScenario.CopyOf(template, hub, "c|" + alias);
            row["Id"] = id;
            row["Alias"] = alias;
            row["Name"] = "Benchmark " + alias;
            row["NotifiedStatus"] = "Valid";
            row["ExpiryDue"] = dueAt;
            row["ExpiresAt"] = dueAt <= now ? now.AddDays(10) : dueAt.AddDays(30);
            connectionRows.Add(new TableTransactionAction(TableTransactionActionType.Add, row));
            var entry = new TableEntity(Day(dueAt), $"{hub}|{id}") { ["Hub"] = hub, ["ConnectionId"] = id, ["Alias"] = alias, ["DueAt"] = dueAt };
            (entries.TryGetValue(entry.PartitionKey, out var list) ? list : entries[entry.PartitionKey] = []).Add(
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, entry));
        }
        batches.AddRange(connectionRows.Chunk(BatchSize).Select(c => (connections, c.ToList())));
        batches.AddRange(entries.Values.SelectMany(l => l.Chunk(BatchSize)).Select(c => (index, c.ToList())));
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < batches.Count)
            {
                await batches[i].Table.SubmitTransactionAsync(batches[i].Actions);
            }
        }));
    }
}
