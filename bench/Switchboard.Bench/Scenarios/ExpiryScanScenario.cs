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
/// of the run. The scan runs on the counting service, started as the Functions host starts it, triggered as the
/// host triggers a timer (POST /ExpiryScan with a timer envelope), so its storage calls are counted too. The
/// baseline, on the same Azurite: one TableClient query over the due day partitions plus one point read per due
/// connection, which is what a scan that reads only what is due needs at least. Each size is scanned a few
/// times, each time on a fresh set of 100 due connections (the baseline reads that set just before the scan).
/// </summary>
public sealed class ExpiryScanScenario : IScenario
{
    private const int Due = 100;
    private const int BatchSize = 100;
    private const int Concurrency = 6;

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
        var connections = stack.Raw.Tables.GetTableClient("Connections");
        var index = stack.Raw.Tables.GetTableClient("ExpiryIndex");
        await connections.CreateIfNotExistsAsync();
        await index.CreateIfNotExistsAsync();
        using var host = new HttpClient { BaseAddress = stack.Service.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };

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
            result.Notes.Add(Report.Inv($"{size:N0} connections: seeded {future.Count:N0} future rows and index entries in {seed.Elapsed.TotalSeconds:0.0} s ({future.Count * 2 / BatchSize} transactions, {Concurrency} at once)."));

            var scanSample = new Sample();
            var rawSample = new Sample();
            for (var round = 0; round < scans; round++)
            {
                now = DateTimeOffset.UtcNow;
                var due = Enumerable.Range(0, Due).Select(i => (Alias: $"d{round}-{i:D3}", DueAt: now.AddMinutes(-1))).ToList();
                await SeedAsync(connections, index, template, hub, due);

                // Azurite writes its request log behind a burst of writes: let it settle, so neither side pays for
                // the seeding, and warm the harness's table clients (unmeasured).
                await stack.Log.SkipToEndAsync();
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
                rawSample.AddLatency(raw.Elapsed.TotalMilliseconds);
                if (entries.Count != Due)
                {
                    result.Notes.Add($"{size:N0} connections, scan {round + 1}: the raw query found {entries.Count} due entries, not {Due}.");
                }

                await stack.Log.SkipToEndAsync();
                var scan = Stopwatch.StartNew();
                var envelope = JsonSerializer.Serialize(new
                {
                    Data = new { timer = new { Schedule = new { AdjustForDST = true }, ScheduleStatus = (object?)null, IsPastDue = false } },
                    Metadata = new { sys = new { MethodName = "ExpiryScan", UtcNow = now.ToString("O") } },
                });
                using (var response = await host.PostAsync("ExpiryScan", new StringContent(envelope, System.Text.Encoding.UTF8, "application/json")))
                {
                    scanSample.AddLatency(scan.Elapsed.TotalMilliseconds);
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new InvalidOperationException($"POST /ExpiryScan answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    }
                }
                if (round == 0)
                {
                    var calls = await stack.Log.ReadNewAsync();
                    var byKind = string.Join(", ", calls.Service.Select(p => $"{p.Key} {p.Value}"));
                    result.Details[$"scanCalls{size}"] = calls.Service;
                    result.Notes.Add($"{size:N0} connections: one scan of {Due} due made {calls.ServiceTotal} storage calls ({byKind}) (counted on the counting service); the baseline makes {Due + 1}.");
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
