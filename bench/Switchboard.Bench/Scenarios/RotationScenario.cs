using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;

namespace Switchboard.Bench.Scenarios;

/// <summary>
/// Scenario 4: 200 rotations started at once through the Server's HTTP API (POST .../rotate, 202, then
/// GET /api/operations/{id} until 200), end to end, against the bare engine on the same Azurite in the same run:
/// a <see cref="BareEngine"/> in the harness (the same Durable Task packages and settings, its own task hub)
/// running 200 no-op orchestrations of a rotation's shape (five activities in sequence) at once. Rounds
/// alternate (engine, Server, Server, engine), each on fresh connections and fresh instance ids. A second row
/// compares with the writes a rotation must make, made by hand.
/// <para>
/// The calls per rotation are counted on the counting service (a second Server against the Azurite that logs
/// every request, with a vault of its own): every storage call the Server makes from the first rotate request
/// until the last rotation has completed, the task hub's tables, queues and blobs included, over the rotations.
/// The harness watches for completion in the hub's Instances table with its own clients, which are not counted.
/// The bare engine's calls per orchestration are counted the same way on that Azurite.
/// </para>
/// </summary>
public sealed class RotationScenario : IScenario
{
    private const string Hub = "benchrot";
    private const string RawPartition = "rawrot";

    public int Number => 4;
    public string Name => "Rotation end to end, 200 at once, against the bare engine";
    public string Target => "within 1.5x of the bare Durable Task engine (5 no-op activities; p50 end to end, 200 at once)";

    /// <summary>The main Server's task hub (ServiceSettings gives every Server one of its own).</summary>
    public static string MainHub => BenchContext.Prefix + "SwitchboardServer";

    public static string EngineHub => BenchContext.Prefix + "BareEngine";

    public async Task RunAsync(BenchContext context, ScenarioResult result)
    {
        var count = context.Options.Scale(200, 20);
        var rounds = context.Options.Quick ? 1 : 2;
        // The "provider" the rotation's test step probes: a bare minimal API answering 200.
        await using var provider = await BareApp.StartAsync(context, "provider");
        var probeTarget = new Uri(provider.BaseAddress, "api/health").ToString();
        var run = context.RunId;
        await BenchContext.EnsureHubAsync(context.Api, Hub);

        var serverLogFrom = new FileInfo(context.Service.LogPath).Length;
        await using var engine = await BareEngine.StartAsync(context.Options.Storage, EngineHub, Path.Combine(context.Options.Work, "bare-engine.log"));
        // Warm-up, unmeasured: 20 of each, so both sides run compiled code and warm clients.
        await EngineRoundAsync(engine, $"w{run}", Math.Min(20, count));
        await ApiRoundAsync(context.Api, $"w{run}", Math.Min(20, count), probeTarget);

        var (api, engineSample, requests) = (new Sample(), new Sample(), new Sample());
        var (apiElapsed, engineElapsed, requestsElapsed) = (0.0, 0.0, 0.0);
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var perRound = new List<object>();
        static object Summary(string side, int round, Sample sample)
        {
            var st = sample.Stats();
            return new { side, round, p50Ms = Math.Round(st.P50), p95Ms = Math.Round(st.P95), maxMs = Math.Round(sample.Latencies.DefaultIfEmpty().Max()), perSecond = Math.Round(st.Throughput, 1) };
        }
        string[] lastApiIds = [], lastEngineIds = [];
        for (var round = 0; round < rounds; round++)
        {
            async Task Engine()
            {
                var r = await EngineRoundAsync(engine, $"e{run}{round}", count);
                Merge(engineSample, r.EndToEnd);
                engineElapsed += r.EndToEnd.ElapsedSeconds;
                lastEngineIds = r.Ids;
                perRound.Add(Summary("bare engine", round + 1, r.EndToEnd));
            }
            async Task Api()
            {
                var r = await ApiRoundAsync(context.Api, $"r{run}{round}", count, probeTarget);
                Merge(api, r.EndToEnd);
                Merge(requests, r.Requests);
                requestsElapsed += r.Requests.ElapsedSeconds;
                apiElapsed += r.EndToEnd.ElapsedSeconds;
                foreach (var (k, v) in r.Outcomes)
                {
                    outcomes[k] = outcomes.GetValueOrDefault(k) + v;
                }
                lastApiIds = r.Ids;
                perRound.Add(Summary("Server", round + 1, r.EndToEnd));
            }
            if (round % 2 == 0)
            {
                await Engine();
                await Api();
            }
            else
            {
                await Api();
                await Engine();
            }
        }
        api.SetElapsed(apiElapsed);
        engineSample.SetElapsed(engineElapsed);
        requests.SetElapsed(requestsElapsed);
        var raw = await RawRotationsAsync(context, count);
        var longVisibility = await LongVisibilityRoundAsync(context, count, probeTarget);

        var row = new ResultRow($"rotation end to end vs the bare engine (5 no-op activities), {count} at once", count, api.Stats(), engineSample.Stats());
        result.Rows.Add(row);
        result.Rows.Add(new ResultRow($"rotation end to end vs its writes made by hand, {count} at once", count, api.Stats(), raw.Stats()));
        result.Rows.Add(new ResultRow($"rotate request (202), {count} at once", count, requests.Stats(), null));
        result.Rows.Add(new ResultRow($"the same on a Server with MessageVisibilityTimeout 5 min, the engine's default (experiment, 1 round), vs the bare engine", count, longVisibility.Stats(), engineSample.Stats()));
        result.Details["outcomes"] = outcomes;
        result.Details["perRound"] = perRound;
        result.Details["rounds"] = rounds;
        result.Details["rotationsPerSecond"] = Math.Round(api.Stats().Throughput, 1);
        result.Details["bareEngineOrchestrationsPerSecond"] = Math.Round(engineSample.Stats().Throughput, 1);
        result.Details["rawRotationsPerSecond"] = Math.Round(raw.Stats().Throughput, 1);
        result.Details["longVisibilityRotationsPerSecond"] = Math.Round(longVisibility.Stats().Throughput, 1);
        var throughputRatio = row.RatioThroughput ?? 0;
        result.Notes.Add(Report.Inv($"{rounds} rounds of {count} a side, alternating (engine first, then the Server first). Throughput: {api.Stats().Throughput:0.0} rotations/s against ") +
            Report.Inv($"{engineSample.Stats().Throughput:0.0} no-op orchestrations/s on the bare engine ({throughputRatio:0.00}x), first request to last completion of each round."));
        if (outcomes.Keys.Any(k => k != "Completed"))
        {
            result.Notes.Add("Not every rotation completed: " + string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}")));
        }
        await TimelineAsync(context, result, "the Server's rotations", MainHub, lastApiIds, "timelineServer");
        await TimelineAsync(context, result, "the bare engine's no-op orchestrations", EngineHub, lastEngineIds, "timelineBareEngine");
        await SingleAsync(context, engine, probeTarget, result);

        // Trouble on either side while this scenario ran: messages abandoned or handled twice, leases lost.
        var serverEvents = ServiceLogEvents.Count(context.Service.LogPath, serverLogFrom);
        var engineEvents = engine.Log.Counts;
        result.Details["serverWarningsAndErrors"] = serverEvents;
        result.Details["bareEngineWarningsAndErrors"] = engineEvents;
        string Events(SortedDictionary<string, long> events) => events.Count == 0 ? "none" : string.Join(", ", events.Select(p => Report.Inv($"{p.Key} {p.Value}")));
        result.Notes.Add($"Warnings and errors logged while this scenario ran (warm-up, rounds, single runs; category, event id, level): the main Server {Events(serverEvents)}; the bare engine {Events(engineEvents)}. See docs/benchmarks.md for what they mean.");
        var activities = ActivityTimes(context.Service.LogPath, serverLogFrom);
        result.Details["serverActivityRunMs"] = activities;
        if (activities.Count > 0)
        {
            result.Notes.Add("The Server's activities ran (started to completed, from its log; p50 / p95 ms): " +
                string.Join(", ", activities.Select(a => $"{a.Key} {JsonSerializer.Serialize(a.Value)}")) + ".");
        }
        result.Notes.Add("Per round (p50 / p95 / slowest, ms; a second): " + string.Join("; ", perRound.Select(r => JsonSerializer.Serialize(r))) + ".");

        result.Measured = Report.Inv($"{row.RatioP50:0.00}x p50 ({api.Stats().P50:0} ms vs {engineSample.Stats().P50:0} ms), {throughputRatio:0.00}x throughput ") +
            Report.Inv($"({api.Stats().Throughput:0.0} rotations/s vs {engineSample.Stats().Throughput:0.0})");
        result.Met = row.RatioP50 <= 1.5 && outcomes.Keys.All(k => k == "Completed");
        if (context.Options.CountStorage is null || context.Options.CountLog is null)
        {
            result.Status = "partial";
            result.Measured += "; calls not counted (no --count-storage)";
            return;
        }
        await CountCallsAsync(context, result, count, probeTarget);
    }

    private static void Merge(Sample into, Sample from)
    {
        foreach (var latency in from.Latencies)
        {
            into.AddLatency(latency);
        }
    }

    /// <summary>
    /// An experiment: one round on a second Server (the main Azurite and vault, a task hub of its own) whose queue
    /// messages stay invisible for 5 minutes once taken, the engine's default, instead of the Server's 30 s: on a
    /// busy machine a message the Server has taken but not yet handled can reappear after 30 s and be handled
    /// twice (the engine then logs a duplicate message or a pop receipt that no longer matches).
    /// </summary>
    private static async Task<Sample> LongVisibilityRoundAsync(BenchContext context, int count, string probeTarget)
    {
        var port = ServiceProcess.FreePort();
        var environment = context.ServiceEnvironment(port, BenchContext.Prefix + "LongVisibility");
        environment["Switchboard__Durable__MessageVisibilityTimeout"] = "00:05:00";
        await using var service = ServiceProcess.Start(context.Options.App, environment, port, Path.Combine(context.Options.Work, "service-long-visibility.log"));
        await service.WaitForOkAsync(Stopwatch.GetTimestamp());
        using var api = new ApiClient(service.BaseAddress, context.AdminKey);
        await ApiRoundAsync(api, $"vw{context.RunId}", Math.Min(20, count), probeTarget);
        return (await ApiRoundAsync(api, $"v{context.RunId}", count, probeTarget)).EndToEnd;
    }

    /// <summary>
    /// How long the Server's activities ran, by name, from its log: the worker's "'{Name}' activity of
    /// orchestration ID '{id}' started." and "... completed." lines (Microsoft.DurableTask.Worker.Activities 603
    /// and 604, Information). Empty when the Server does not log them.
    /// </summary>
    private static SortedDictionary<string, object> ActivityTimes(string logPath, long from)
    {
        var started = new Dictionary<(string, string), DateTimeOffset>();
        var runs = new Dictionary<string, Sample>(StringComparer.Ordinal);
        using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(from, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (!line.Contains("Microsoft.DurableTask.Worker.Activities", StringComparison.Ordinal))
            {
                continue;
            }
            try
            {
                using var doc = JsonDocument.Parse(line);
                var e = doc.RootElement;
                var id = e.GetProperty("EventId").GetInt32();
                if (id is not (603 or 604) || !e.TryGetProperty("State", out var state)
                    || !state.TryGetProperty("InstanceId", out var instance) || !state.TryGetProperty("Name", out var name))
                {
                    continue;
                }
                var key = (instance.GetString()!, name.GetString()!);
                var at = e.GetProperty("Timestamp").GetDateTimeOffset();
                if (id == 603)
                {
                    started[key] = at;
                }
                else if (started.Remove(key, out var begun))
                {
                    (runs.TryGetValue(key.Item2, out var sample) ? sample : runs[key.Item2] = new Sample()).AddLatency((at - begun).TotalMilliseconds);
                }
            }
            catch (JsonException)
            {
            }
        }
        static object Summary(Stats st) => new { count = st.Count, p50Ms = Math.Round(st.P50), p95Ms = Math.Round(st.P95) };
        return new SortedDictionary<string, object>(runs.ToDictionary(p => p.Key, p => Summary(p.Value.Stats())), StringComparer.Ordinal);
    }

    private sealed record Round(Sample EndToEnd, Sample Requests, SortedDictionary<string, int> Outcomes, string[] Ids);

    /// <summary><paramref name="count"/> no-op orchestrations started at once on the bare engine and polled as the API is.</summary>
    private static async Task<Round> EngineRoundAsync(BareEngine engine, string tag, int count)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"noop-{tag}-{i}").ToArray();
        var started = new DateTimeOffset[count];
        var requests = new Sample();
        await Load.RunAsync(requests, count, count, async i =>
        {
            started[i] = DateTimeOffset.UtcNow;
            await engine.StartAsync(ids[i]);
        });
        if (requests.Errors > 0)
        {
            throw new InvalidOperationException($"{requests.Errors} no-op orchestrations did not start: {string.Join("; ", requests.ErrorMessages)}");
        }
        var finished = await PollAsync(ids, async id => await engine.FinishedAsync(id) is { } f ? new Finished(f.Status, f.LastUpdatedAt) : null, TimeSpan.FromMinutes(4));
        return Collect(ids, started, finished, requests);
    }

    /// <summary>Creates <paramref name="count"/> connections, starts every rotation at once, and polls the operations until they end.</summary>
    private static async Task<Round> ApiRoundAsync(ApiClient api, string tag, int count, string probeTarget)
    {
        var aliases = Enumerable.Range(0, count).Select(i => $"{tag}-{i}").ToArray();
        await BenchContext.CreateConnectionsAsync(api, Hub, [.. aliases.Select(a => RotatingConnection(a, probeTarget))], 4);
        var (ids, started, requests) = await StartRotationsAsync(api, aliases);
        var finished = await PollAsync(ids, async id =>
        {
            var (status, body, response) = await api.SendAsync(HttpMethod.Get, $"api/operations/{id}", null, HttpStatusCode.OK, HttpStatusCode.Accepted);
            response.Dispose();
            if (status != HttpStatusCode.OK)
            {
                return null;
            }
            var json = JsonDocument.Parse(body).RootElement;
            return new Finished(json.GetProperty("status").GetString()!, json.GetProperty("lastUpdatedAt").GetDateTimeOffset());
        }, TimeSpan.FromMinutes(4));
        return Collect(ids, started, finished, requests);
    }

    /// <summary>End to end = request sent to the instance's completion (its last update, from which the operation answers 200).</summary>
    private static Round Collect(string[] ids, DateTimeOffset[] started, Dictionary<string, Finished> finished, Sample requests)
    {
        var endToEnd = new Sample();
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var last = started.Min();
        for (var i = 0; i < ids.Length; i++)
        {
            if (!finished.TryGetValue(ids[i], out var done))
            {
                outcomes["NotFinished"] = outcomes.GetValueOrDefault("NotFinished") + 1;
                continue;
            }
            outcomes[done.Status] = outcomes.GetValueOrDefault(done.Status) + 1;
            endToEnd.AddLatency((done.LastUpdatedAt - started[i]).TotalMilliseconds);
            last = done.LastUpdatedAt > last ? done.LastUpdatedAt : last;
        }
        // A second: from the first request sent to the last instance finished (the engine's clock, this machine's).
        endToEnd.SetElapsed((last - started.Min()).TotalSeconds);
        return new Round(endToEnd, requests, outcomes, ids);
    }

    /// <summary>The writes a rotation must make, by hand, <paramref name="count"/> at once.</summary>
    private static async Task<Sample> RawRotationsAsync(BenchContext context, int count)
    {
        await context.EnsureReadFixtureAsync();
        var template = (await context.RawConnections.GetEntityAsync<TableEntity>(BenchContext.ReadHub, "c|" + BenchContext.Alias(0))).Value;
        var secrets = context.Raw.Secrets;
        var table = context.RawConnections;
        var names = new string[count];
        var setup = new Sample();
        await Load.RunAsync(setup, 8, count, async i =>
        {
            var name = $"raw-{context.RunId}-{i}";
            var first = await secrets.SetSecretAsync(name, "{\"key\":\"first\"}");
            var entity = CreateConnectionScenario.CopyOf(template, RawPartition, $"c|r{context.RunId}-{i}");
            entity["SecretName"] = name;
            entity["CurrentVersion"] = first.Value.Properties.Version;
            await table.AddEntityAsync(entity);
            names[i] = name;
        });

        var sample = new Sample();
        var wall = Stopwatch.StartNew();
        await Load.RunAsync(sample, count, count, async i =>
        {
            var rowKey = $"c|r{context.RunId}-{i}";
            var pending = (await secrets.SetSecretAsync(names[i], "{\"key\":\"second\"}")).Value.Properties.Version;
            var row = (await table.GetEntityAsync<TableEntity>(RawPartition, rowKey)).Value;
            var previous = row.GetString("CurrentVersion");
            row["PendingVersion"] = pending;
            var staged = await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
            row["CurrentVersion"] = pending;
            row["PreviousVersion"] = previous;
            row["PendingVersion"] = null;
            var promoted = await table.UpdateEntityAsync(row, staged.Headers.ETag!.Value, TableUpdateMode.Replace);
            await secrets.UpdateSecretPropertiesAsync(new SecretProperties(new Uri(context.Vault, $"secrets/{names[i]}/{previous}")) { Enabled = false });
            row["PreviousVersion"] = null;
            await table.UpdateEntityAsync(row, promoted.Headers.ETag!.Value, TableUpdateMode.Replace);
        });
        sample.SetElapsed(wall.Elapsed.TotalSeconds);
        return sample;
    }

    /// <summary>
    /// One rotation alone, and one no-op orchestration alone, each after 6.5 s without work: what a single caller
    /// waits when the engine's pollers have backed off to their longest pause (Switchboard__Durable__MaxPollingInterval).
    /// </summary>
    private static async Task SingleAsync(BenchContext context, BareEngine engine, string probeTarget, ScenarioResult result)
    {
        var alias = $"r{context.RunId}-single";
        await BenchContext.CreateConnectionsAsync(context.Api, Hub, [RotatingConnection(alias, probeTarget)], 1);
        await Task.Delay(TimeSpan.FromSeconds(6.5));
        var (ids, started, _) = await StartRotationsAsync(context.Api, [alias]);
        var api = await PollAsync(ids, async id =>
        {
            var json = await context.Api.JsonAsync(HttpMethod.Get, $"api/operations/{id}", null, HttpStatusCode.OK, HttpStatusCode.Accepted);
            return json.GetProperty("status").GetString() is "Running" or "Pending" ? null
                : new Finished(json.GetProperty("status").GetString()!, json.GetProperty("lastUpdatedAt").GetDateTimeOffset());
        }, TimeSpan.FromMinutes(1), pauseMs: 200);
        await Task.Delay(TimeSpan.FromSeconds(6.5));
        var id = $"noop-s{context.RunId}";
        var engineStarted = DateTimeOffset.UtcNow;
        await engine.StartAsync(id);
        var bare = await PollAsync([id], async i => await engine.FinishedAsync(i) is { } f ? new Finished(f.Status, f.LastUpdatedAt) : null,
            TimeSpan.FromMinutes(1), pauseMs: 200);
        if (!api.TryGetValue(ids[0], out var a) || !bare.TryGetValue(id, out var b))
        {
            result.Notes.Add("The single rotation or the single no-op orchestration did not finish within a minute.");
            return;
        }
        var (apiMs, engineMs) = ((a.LastUpdatedAt - started[0]).TotalMilliseconds, (b.LastUpdatedAt - engineStarted).TotalMilliseconds);
        result.Details["singleRotationMs"] = Math.Round(apiMs);
        result.Details["singleNoOpOrchestrationMs"] = Math.Round(engineMs);
        result.Notes.Add(Report.Inv($"One rotation alone, after 6.5 s without work: {apiMs:0} ms end to end; one no-op orchestration alone on the bare engine: {engineMs:0} ms."));
    }

    /// <summary>
    /// Where the time of <paramref name="ids"/> went, from the task hub's History table (read after the run, with
    /// the harness's clients): from the start to the first episode, each activity from being scheduled to its
    /// completion (the work-item queue and the activity), and from an activity's completion to the episode that
    /// handles it (the control queue and the orchestration's replay).
    /// </summary>
    private static async Task TimelineAsync(BenchContext context, ScenarioResult result, string what, string hub, string[] ids, string key)
    {
        if (ids.Length == 0)
        {
            return;
        }
        var history = context.Raw.Tables.GetTableClient(hub + "History");
        var (start, activity, orchestration, total) = (new Sample(), new Sample(), new Sample(), new Sample());
        foreach (var id in ids)
        {
            var events = new List<(string Type, DateTimeOffset At)>();
            await foreach (var e in history.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id}"), select: ["EventType", "_Timestamp"]))
            {
                if (e.GetString("EventType") is { } type && e.GetDateTimeOffset("_Timestamp") is { } at)
                {
                    events.Add((type, at));
                }
            }
            DateTimeOffset? created = null, scheduled = null, completed = null;
            var firstEpisode = true;
            foreach (var (type, at) in events)
            {
                switch (type)
                {
                    case "ExecutionStarted":
                        created = at;
                        break;
                    case "OrchestratorStarted":
                        if (firstEpisode && created is { } c)
                        {
                            start.AddLatency((at - c).TotalMilliseconds);
                            firstEpisode = false;
                        }
                        if (completed is { } done)
                        {
                            orchestration.AddLatency((at - done).TotalMilliseconds);
                            completed = null;
                        }
                        break;
                    case "TaskScheduled":
                        scheduled = at;
                        break;
                    case "TaskCompleted":
                        if (scheduled is { } s)
                        {
                            activity.AddLatency((at - s).TotalMilliseconds);
                        }
                        completed = at;
                        break;
                    case "ExecutionCompleted":
                        if (created is { } c2)
                        {
                            total.AddLatency((at - c2).TotalMilliseconds);
                        }
                        break;
                }
            }
        }
        var (st, ac, or, to) = (start.Stats(), activity.Stats(), orchestration.Stats(), total.Stats());
        object Of(Stats s) => new { p50 = Math.Round(s.P50, 1), p95 = Math.Round(s.P95, 1), mean = Math.Round(s.Mean, 1), count = s.Count };
        result.Details[key] = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["startToFirstEpisodeMs"] = Of(st),
            ["activityScheduledToCompletedMs"] = Of(ac),
            ["activityCompletedToNextEpisodeMs"] = Of(or),
            ["startToCompletedMs"] = Of(to),
        };
        result.Notes.Add(Report.Inv($"Where the time of {what} of the last round went (the task hub's History): start to the first episode {st.Mean:0} ms on average (p95 {st.P95:0}); ") +
            Report.Inv($"an activity, scheduled to completed, {ac.Mean:0} ms (p50 {ac.P50:0}, p95 {ac.P95:0}); its completion to the episode that handles it {or.Mean:0} ms (p50 {or.P50:0}, p95 {or.P95:0}); ") +
            Report.Inv($"start to completion {to.Mean:0} ms (p50 {to.P50:0})."));
    }

    public static string RotatingConnection(string alias, string target) => JsonSerializer.Serialize(new
    {
        alias,
        name = "Rotating " + alias,
        provider = "CustomEndpoint",
        target,
        authType = "ApiKey",
        credentials = new { key = "first-" + alias },
        rotation = new { gracePeriod = "PT0S" },
    });

    private static async Task<(string[] Ids, DateTimeOffset[] Started, Sample Requests)> StartRotationsAsync(ApiClient api, string[] aliases)
    {
        var ids = new string[aliases.Length];
        var started = new DateTimeOffset[aliases.Length];
        var requests = new Sample();
        var wall = Stopwatch.StartNew();
        await Load.RunAsync(requests, aliases.Length, aliases.Length, async i =>
        {
            started[i] = DateTimeOffset.UtcNow;
            var body = await api.JsonAsync(HttpMethod.Post, $"api/hubs/{Hub}/connections/{aliases[i]}/rotate", "{}", HttpStatusCode.Accepted);
            ids[i] = body.GetProperty("id").GetString()!;
        });
        requests.SetElapsed(wall.Elapsed.TotalSeconds);
        if (requests.Errors > 0)
        {
            throw new InvalidOperationException($"{requests.Errors} rotate requests failed: {string.Join("; ", requests.ErrorMessages)}");
        }
        return (ids, started, requests);
    }

    private sealed record Finished(string Status, DateTimeOffset LastUpdatedAt);

    /// <summary>
    /// Asks for each unfinished one, two at a time, each again <paramref name="pauseMs"/> after a pass (the API's
    /// Retry-After is 2 s). When they finished comes from the instance (its last update), so polling slower loses
    /// nothing; both sides are polled alike, so both carry the same polling load.
    /// </summary>
    private static async Task<Dictionary<string, Finished>> PollAsync(string[] ids, Func<string, Task<Finished?>> ask, TimeSpan timeout, int pauseMs = 2000)
    {
        var done = new ConcurrentDictionary<string, Finished>(StringComparer.Ordinal);
        var deadline = Stopwatch.StartNew();
        while (done.Count < ids.Length && deadline.Elapsed < timeout)
        {
            var open = ids.Where(id => !done.ContainsKey(id)).ToArray();
            await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (id, _) =>
            {
                if (await ask(id) is { } finished)
                {
                    done[id] = finished;
                }
            });
            if (done.Count < ids.Length)
            {
                await Task.Delay(pauseMs);
            }
        }
        return new Dictionary<string, Finished>(done, StringComparer.Ordinal);
    }

    /// <summary>Until every one of <paramref name="ids"/> has finished, from the hub's Instances table read with the harness's clients (not counted).</summary>
    private static async Task WaitForInstancesAsync(TableClient instances, IEnumerable<string> ids, TimeSpan timeout)
    {
        var open = new HashSet<string>(ids, StringComparer.Ordinal);
        var deadline = Stopwatch.StartNew();
        while (open.Count > 0)
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"{open.Count} instances did not finish on the counting Azurite within {timeout.TotalMinutes:0} minutes.");
            }
            await Task.Delay(500);
            await foreach (var row in instances.QueryAsync<TableEntity>(select: ["PartitionKey", "RuntimeStatus"]))
            {
                if (row.GetString("RuntimeStatus") is "Completed" or "Failed" or "Terminated" or "Canceled")
                {
                    open.Remove(row.PartitionKey);
                }
            }
        }
    }

    /// <summary>
    /// The calls per rotation on the counting service: everything from the first rotate request until every
    /// rotation has completed, over the rotations; then the same for the bare engine's no-op orchestrations.
    /// </summary>
    private static async Task CountCallsAsync(BenchContext context, ScenarioResult result, int count, string probeTarget)
    {
        var stack = (await context.CountingAsync())!;
        var api = stack.Api;
        var log = stack.Log;
        var instances = stack.Raw.Tables.GetTableClient(CountingStack.HubName + "Instances");

        var aliases = Enumerable.Range(0, count + 1).Select(i => $"k{context.RunId}-{i}").ToArray();
        await BenchContext.EnsureHubAsync(api, Hub);
        await BenchContext.CreateConnectionsAsync(api, Hub, [.. aliases.Select(a => RotatingConnection(a, probeTarget))], 4);
        // One rotation first, so every table exists and the clients are warm before counting.
        var (warmIds, _, _) = await StartRotationsAsync(api, [aliases[0]]);
        await WaitForInstancesAsync(instances, warmIds, TimeSpan.FromMinutes(1));

        // What the Server calls when it has nothing to do (its worker polling the hub's queues, renewing leases).
        await log.SkipToEndAsync();
        var idleWatch = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(context.Options.Quick ? 5 : 10));
        var idle = await log.ReadNewAsync();
        var idleSeconds = idleWatch.Elapsed.TotalSeconds;
        var idlePerSecond = idle.ServiceTotal / idleSeconds;

        var kvBefore = await stack.KeyVaultOperationsAsync();
        var window = Stopwatch.StartNew();
        var (ids, _, _) = await StartRotationsAsync(api, aliases[1..]);
        await WaitForInstancesAsync(instances, ids, TimeSpan.FromMinutes(5));
        var calls = await log.ReadNewAsync();
        var seconds = window.Elapsed.TotalSeconds;
        var keyVault = Emulator.Diff(kvBefore, await stack.KeyVaultOperationsAsync());

        var rotations = ids.Length;
        var hubCalls = calls.OfHub(CountingStack.HubName);
        var appCalls = calls.WithoutHubs(CountingStack.HubName);
        var total = (double)calls.ServiceTotal / rotations;
        var hubTotal = (double)hubCalls.Values.Sum() / rotations;
        var appTotal = (double)appCalls.Values.Sum() / rotations;
        var idleShare = idlePerSecond * seconds / rotations;
        var kvTotal = (double)keyVault.Values.Sum() / rotations;

        // The bare engine on the same Azurite, counted the same way (its own hub; the counting service idles meanwhile).
        var engineHub = "countBareEngine";
        SortedDictionary<string, long> engineCalls;
        double engineTotal;
        await using (var engine = await BareEngine.StartAsync(context.Options.CountStorage!, engineHub, Path.Combine(context.Options.Work, "bare-engine-count.log")))
        {
            var engineInstances = stack.Raw.Tables.GetTableClient(engineHub + "Instances");
            await engine.StartAsync($"noop-kw{context.RunId}");
            await WaitForInstancesAsync(engineInstances, [$"noop-kw{context.RunId}"], TimeSpan.FromMinutes(1));
            await log.SkipToEndAsync();
            var engineIds = Enumerable.Range(0, rotations).Select(i => $"noop-k{context.RunId}-{i}").ToArray();
            await Task.WhenAll(engineIds.Select(engine.StartAsync));
            await WaitForInstancesAsync(engineInstances, engineIds, TimeSpan.FromMinutes(5));
            engineCalls = (await log.ReadNewAsync()).OfHub(engineHub);
            engineTotal = (double)engineCalls.Values.Sum() / rotations;
        }

        result.Details["counted"] = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["rotations"] = rotations,
            ["windowSeconds"] = Math.Round(seconds, 1),
            ["storageCallsPerRotation"] = Math.Round(total, 2),
            ["storageCallsPerActivity"] = Math.Round(total / BareEngine.Activities, 2),
            ["taskHubCallsPerRotation"] = Math.Round(hubTotal, 2),
            ["appCallsPerRotation"] = Math.Round(appTotal, 2),
            ["idleCallsPerSecond"] = Math.Round(idlePerSecond, 2),
            ["idleCallsPerRotation"] = Math.Round(idleShare, 2),
            ["keyVaultCallsPerRotation"] = Math.Round(kvTotal, 2),
            ["storageCallsByKind"] = PerUnit(calls.Service, rotations),
            ["keyVaultCallsByOperation"] = PerUnit(keyVault, rotations),
            ["idleCallsByKindPerSecond"] = new SortedDictionary<string, double>(idle.Service.ToDictionary(p => p.Key, p => Math.Round(p.Value / idleSeconds, 2)), StringComparer.Ordinal),
            ["bareEngineCallsPerOrchestration"] = Math.Round(engineTotal, 2),
            ["bareEngineCallsByKind"] = PerUnit(engineCalls, rotations),
        };
        result.Measured += Report.Inv($"; {total:0.0} storage calls per rotation ({total / BareEngine.Activities:0.0} per activity; the bare engine {engineTotal:0.0} per no-op orchestration), {kvTotal:0.0} Key Vault calls");
        result.Notes.Add(Report.Inv($"Counted on the counting service, {rotations} rotations started at once ({seconds:0.0} s from the first request to the last completion): {total:0.0} storage calls per rotation, ") +
            Report.Inv($"{appTotal:0.0} to Switchboard's tables and queues (") + Join(PerUnit(appCalls, rotations)) +
            Report.Inv($") and {hubTotal:0.0} to the task hub (") + Join(PerUnit(hubCalls, rotations)) +
            Report.Inv($"); {kvTotal:0.0} Key Vault calls (") + Join(PerUnit(keyVault, rotations)) + ").");
        result.Notes.Add(Report.Inv($"Idle, the counting service makes {idlePerSecond:0.0} storage calls a second (") +
            string.Join(", ", idle.Service.Select(p => Report.Inv($"{p.Key} {p.Value / idleSeconds:0.0}"))) +
            Report.Inv($"): at most {idleShare:0.0} of the calls per rotation would have been made anyway."));
        result.Notes.Add(Report.Inv($"The bare engine, counted the same way on that Azurite ({rotations} no-op orchestrations at once): {engineTotal:0.0} storage calls per orchestration (") +
            Join(PerUnit(engineCalls, rotations)) + ").");
    }

    private static string Join(IEnumerable<KeyValuePair<string, double>> counts) =>
        string.Join(", ", counts.Where(p => p.Value >= 0.005).Select(p => Report.Inv($"{p.Key} {p.Value:0.00}")));

    private static SortedDictionary<string, double> PerUnit(IEnumerable<KeyValuePair<string, long>> counts, int units) =>
        new(counts.ToDictionary(p => p.Key, p => Math.Round((double)p.Value / Math.Max(1, units), 2)), StringComparer.Ordinal);
}
