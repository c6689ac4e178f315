using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Queues.Models;

namespace Switchboard.Bench.Scenarios;

/// <summary>
/// Scenario 4: 200 rotations started at once, end to end (202, then the operation until it is not 202), on the
/// standalone service (its own queue dispatcher). The baseline does by hand the writes a rotation must make: a new
/// secret version, the row staged, promoted and retired, the previous version disabled.
/// <para>
/// The calls per workflow step are counted on a second service started the way the Azure Functions host starts it
/// (no dispatcher of its own) against a second Azurite that logs every request (<c>--debug</c>) and a vault of its
/// own: the harness plays the host's queue trigger (receive, POST /WorkflowDispatch, delete), so every storage
/// call the service makes while the workflows run belongs to a step. Key Vault calls come from the emulator's
/// per-vault counters. One more rotation is then driven a step at a time to attribute the calls to each step.
/// </para>
/// </summary>
public sealed class RotationScenario : IScenario
{
    private const string Hub = "benchrot";
    private const string RawPartition = "rawrot";
    private const int HostBatch = 16;

    public int Number => 4;
    public string Name => "Rotation end to end, 200 at once";
    public string Target => "at most 4 storage calls per workflow step";

    public async Task RunAsync(BenchContext context, ScenarioResult result)
    {
        var count = context.Options.Scale(200, 20);
        // The "provider" the rotation's test step probes: a bare minimal API answering 200.
        await using var provider = await BareApp.StartAsync(context, "provider");
        var probeTarget = new Uri(provider.BaseAddress, "api/health").ToString();

        var raw = await RawRotationsAsync(context, count);
        var (api, requests, outcomes, ids) = await ApiRotationsAsync(context.Api, count, probeTarget, context.RunId);
        var row = new ResultRow($"rotation end to end, {count} at once", count, api.Stats(), raw.Stats());
        result.Rows.Add(row);
        result.Rows.Add(new ResultRow($"rotate request (202), {count} at once", count, requests.Stats(), null));
        result.Details["outcomes"] = outcomes;
        result.Details["rotationsPerSecond"] = Math.Round(api.Stats().Throughput, 1);
        result.Details["rawRotationsPerSecond"] = Math.Round(raw.Stats().Throughput, 1);
        await TimelineAsync(context.Api, ids, result);
        await SingleRotationAsync(context.Api, probeTarget, context.RunId, result);
        if (outcomes.Keys.Any(k => k != "Completed"))
        {
            result.Notes.Add("Not every rotation completed: " + string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}")));
        }

        if (context.Options.CountStorage is null || context.Options.CountLog is null)
        {
            result.Status = "partial";
            result.Measured = Report.Inv($"{api.Stats().Throughput:0.#} rotations/s; calls not counted (no --count-storage)");
            return;
        }
        await CountCallsAsync(context, result, count, probeTarget);
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
    /// One rotation alone on a service whose dispatcher has been idle long enough to back off to its longest
    /// pause: what a single caller waits, and how much of it is waiting for wake-ups.
    /// </summary>
    private static async Task SingleRotationAsync(ApiClient api, string probeTarget, string run, ScenarioResult result)
    {
        var alias = $"r{run}-single";
        await BenchContext.CreateConnectionsAsync(api, Hub, [RotatingConnection(alias, probeTarget)], 1);
        await Task.Delay(TimeSpan.FromSeconds(6.5));
        var (ids, started, _) = await StartRotationsAsync(api, [alias]);
        var finished = await PollAsync(api, ids, TimeSpan.FromMinutes(1));
        if (!finished.TryGetValue(ids[0], out var done))
        {
            result.Notes.Add("The single rotation did not finish within a minute.");
            return;
        }
        var endToEnd = (done.LastUpdatedAt - started[0]).TotalMilliseconds;
        var (waits, runs) = await StepTimesAsync(api, ids[0]);
        result.Details["singleRotation"] = new { endToEndMs = Math.Round(endToEnd), stepWaitsMs = waits, stepRunsMs = runs };
        result.Notes.Add(Report.Inv($"One rotation alone, on a service idle for 6.5 s: {endToEnd:0} ms end to end; its steps waited ") +
            string.Join(", ", waits.Select(w => Report.Inv($"{w:0}"))) + " ms for a worker and ran " +
            string.Join(", ", runs.Select(r => Report.Inv($"{r:0}"))) + " ms.");
    }

    /// <summary>Per step of one operation: the wait from the previous commit to the claim, and claim to completion.</summary>
    private static async Task<(List<double> Waits, List<double> Runs)> StepTimesAsync(ApiClient api, string id)
    {
        var (waits, runs) = (new List<double>(), new List<double>());
        var status = await api.JsonAsync(HttpMethod.Get, $"api/operations/{id}?showHistory=true");
        DateTimeOffset? ready = null;
        DateTimeOffset? started = null;
        foreach (var e in status.GetProperty("history").EnumerateArray())
        {
            var at = e.GetProperty("timestamp").GetDateTimeOffset();
            switch (e.GetProperty("type").GetString())
            {
                case "Started":
                    ready = at;
                    break;
                case "StepStarted":
                    if (ready is { } r)
                    {
                        waits.Add(Math.Round((at - r).TotalMilliseconds, 1));
                    }
                    started = at;
                    break;
                case "StepCompleted":
                    if (started is { } s)
                    {
                        runs.Add(Math.Round((at - s).TotalMilliseconds, 1));
                    }
                    ready = at;
                    break;
            }
        }
        return (waits, runs);
    }

    /// <summary>
    /// Where a rotation's time goes, from each operation's history: waiting for a wake-up between steps (the
    /// queue and the dispatcher) against running steps (claim to commit).
    /// </summary>
    private static async Task TimelineAsync(ApiClient api, string[] ids, ScenarioResult result)
    {
        var (waiting, running) = (new Sample(), new Sample());
        foreach (var id in ids)
        {
            var (waits, runs) = await StepTimesAsync(api, id);
            waits.ForEach(waiting.AddLatency);
            runs.ForEach(running.AddLatency);
        }
        var (wait, run) = (waiting.Stats(), running.Stats());
        result.Details["stepWaitMs"] = new { p50 = Math.Round(wait.P50, 1), p95 = Math.Round(wait.P95, 1), mean = Math.Round(wait.Mean, 1) };
        result.Details["stepRunMs"] = new { p50 = Math.Round(run.P50, 1), p95 = Math.Round(run.P95, 1), mean = Math.Round(run.Mean, 1) };
        result.Notes.Add(Report.Inv($"Stopwatch from the operations' histories: a step waits {wait.Mean:0} ms on average (p50 {wait.P50:0}, p95 {wait.P95:0}) ") +
            Report.Inv($"from the previous step's commit until a worker claims it, and runs {run.Mean:0} ms (p50 {run.P50:0}, p95 {run.P95:0}) from claim to completion."));
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

    /// <summary>Creates the connections, starts every rotation at once, and polls the operations until they end.</summary>
    private static async Task<(Sample EndToEnd, Sample Requests, SortedDictionary<string, int> Outcomes, string[] Ids)> ApiRotationsAsync(
        ApiClient api, int count, string probeTarget, string run)
    {
        var aliases = Enumerable.Range(0, count).Select(i => $"r{run}-{i}").ToArray();
        await BenchContext.EnsureHubAsync(api, Hub);
        await BenchContext.CreateConnectionsAsync(api, Hub, [.. aliases.Select(a => RotatingConnection(a, probeTarget))], 4);

        var (ids, started, requests) = await StartRotationsAsync(api, aliases);
        var finished = await PollAsync(api, ids, TimeSpan.FromMinutes(4));
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
        // Rotations a second: from the first request sent to the last operation finished (the service's clock, this machine's).
        endToEnd.SetElapsed((last - started.Min()).TotalSeconds);
        return (endToEnd, requests, outcomes, ids);
    }

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
    /// GET /api/operations/{id} for each unfinished one, two at a time, each again 2 s after a pass (the API's
    /// Retry-After). When they finished comes from the operation (lastUpdatedAt), so polling slower loses nothing.
    /// </summary>
    private static async Task<Dictionary<string, Finished>> PollAsync(ApiClient api, string[] ids, TimeSpan timeout)
    {
        var done = new ConcurrentDictionary<string, Finished>(StringComparer.Ordinal);
        var deadline = Stopwatch.StartNew();
        while (done.Count < ids.Length && deadline.Elapsed < timeout)
        {
            var open = ids.Where(id => !done.ContainsKey(id)).ToArray();
            await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (id, _) =>
            {
                var (status, body, response) = await api.SendAsync(HttpMethod.Get, $"api/operations/{id}", null, HttpStatusCode.OK, HttpStatusCode.Accepted);
                response.Dispose();
                if (status == HttpStatusCode.OK)
                {
                    var json = JsonDocument.Parse(body).RootElement;
                    done[id] = new Finished(json.GetProperty("status").GetString()!, json.GetProperty("lastUpdatedAt").GetDateTimeOffset());
                }
            });
            if (done.Count < ids.Length)
            {
                await Task.Delay(2000);
            }
        }
        return new Dictionary<string, Finished>(done, StringComparer.Ordinal);
    }

    /// <summary>The calls per step, on a service that runs workflows only when the harness (as the Functions host) says so.</summary>
    private static async Task CountCallsAsync(BenchContext context, ScenarioResult result, int count, string probeTarget)
    {
        var stack = (await context.CountingAsync())!;
        var api = stack.Api;
        var queue = stack.Raw.Queues.GetQueueClient("workflow-wakeups");
        await queue.CreateIfNotExistsAsync();
        var instances = stack.Raw.Tables.GetTableClient("WorkflowInstances");
        var log = stack.Log;
        var host = new FunctionsHost(stack.Service.BaseAddress, queue);

        var aliases = Enumerable.Range(0, count).Select(i => $"k{context.RunId}-{i}").ToArray();
        await BenchContext.EnsureHubAsync(api, Hub);
        await BenchContext.CreateConnectionsAsync(api, Hub, [.. aliases.Select(a => RotatingConnection(a, probeTarget))], 4);
        // One rotation first, so every table and the queue exist and the clients are warm before counting.
        var (warmIds, _, _) = await StartRotationsAsync(api, [aliases[0]]);
        await host.DrainAsync(instances, warmIds);

        await log.SkipToEndAsync();
        var kvBefore = await stack.KeyVaultOperationsAsync();
        var (ids, _, _) = await StartRotationsAsync(api, aliases[1..]);
        var requestCalls = await log.ReadNewAsync();
        var kvAfterRequests = await stack.KeyVaultOperationsAsync();
        var hostCalls = await host.DrainAsync(instances, ids);
        var stepCalls = await log.ReadNewAsync();
        var kvAfterSteps = await stack.KeyVaultOperationsAsync();

        // Steps run, from each operation's history (read after the counting, so it is not counted).
        var steps = 0;
        var retries = 0;
        foreach (var id in ids)
        {
            var status = await api.JsonAsync(HttpMethod.Get, $"api/operations/{id}?showHistory=true");
            foreach (var e in status.GetProperty("history").EnumerateArray())
            {
                var type = e.GetProperty("type").GetString();
                steps += type is "StepStarted" or "CompensationStepStarted" ? 1 : 0;
                retries += type == "RetryScheduled" ? 1 : 0;
            }
        }
        var rotations = ids.Length;
        var kvSteps = Emulator.Diff(kvAfterRequests, kvAfterSteps);
        var kvRequests = Emulator.Diff(kvBefore, kvAfterRequests);
        var perStep = (double)stepCalls.ServiceTotal / Math.Max(1, steps);
        var hostPerStep = (double)(hostCalls.Receives + hostCalls.Deletes) / Math.Max(1, steps);
        var kvPerStep = (double)kvSteps.Values.Sum() / Math.Max(1, steps);

        result.Details["counted"] = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["rotations"] = rotations,
            ["stepsRun"] = steps,
            ["retriesScheduled"] = retries,
            ["wakeUpsDispatched"] = hostCalls.Dispatched,
            ["storageCallsPerStep"] = Math.Round(perStep, 2),
            ["keyVaultCallsPerStep"] = Math.Round(kvPerStep, 2),
            ["hostQueueCallsPerStep"] = Math.Round(hostPerStep, 2),
            ["storageCallsPerRotateRequest"] = Math.Round((double)requestCalls.ServiceTotal / rotations, 2),
            ["keyVaultCallsPerRotateRequest"] = Math.Round((double)kvRequests.Values.Sum() / rotations, 2),
            ["storageCallsWhileStepsRan"] = PerUnit(stepCalls.Service, steps),
            ["keyVaultCallsWhileStepsRan"] = PerUnit(kvSteps, steps),
            ["storageCallsOfRotateRequests"] = PerUnit(requestCalls.Service, rotations),
            ["keyVaultCallsOfRotateRequests"] = PerUnit(kvRequests, rotations),
        };
        var byStep = await StepByStepAsync(context, stack, host, queue, instances, probeTarget);
        result.Details["perStepName"] = byStep;
        result.Notes.Add("One more rotation, a wake-up at a time, storage calls by step: " + string.Join("; ", byStep.Select(step =>
            Report.Inv($"{step["step"]} {step["storageCalls"]} (") + string.Join(", ", ((SortedDictionary<string, long>)step["storage"]).Select(p => Report.Inv($"{p.Key} {p.Value}")))
            + Report.Inv($") + {step["keyVaultCalls"]} Key Vault"))) + ".");

        result.Measured = Report.Inv($"{perStep:0.0} storage calls per step (+{hostPerStep:0.0} by the host's queue trigger), {kvPerStep:0.0} Key Vault calls per step; {result.Details["rotationsPerSecond"]} rotations/s");
        result.Met = perStep <= 4;
        result.Notes.Add(Report.Inv($"Counted on {rotations} rotations started at once ({steps} steps, {retries} retries): per step ") +
            string.Join(", ", PerUnit(stepCalls.Service, steps).Select(p => Report.Inv($"{p.Key} {p.Value:0.00}"))) +
            "; Key Vault " + string.Join(", ", PerUnit(kvSteps, steps).Select(p => Report.Inv($"{p.Key} {p.Value:0.00}"))) + ".");
        result.Notes.Add(Report.Inv($"Each rotate request (before the workflow runs): {(double)requestCalls.ServiceTotal / rotations:0.0} storage calls (") +
            string.Join(", ", PerUnit(requestCalls.Service, rotations).Select(p => Report.Inv($"{p.Key} {p.Value:0.00}"))) +
            Report.Inv($"), {(double)kvRequests.Values.Sum() / rotations:0.0} Key Vault calls."));
    }

    private static SortedDictionary<string, double> PerUnit(IEnumerable<KeyValuePair<string, long>> counts, int units) =>
        new(counts.ToDictionary(p => p.Key, p => Math.Round((double)p.Value / Math.Max(1, units), 2)), StringComparer.Ordinal);

    /// <summary>One more rotation, one wake-up at a time, reading the log after each: the calls of each step by name.</summary>
    private static async Task<List<SortedDictionary<string, object>>> StepByStepAsync(BenchContext context, CountingStack stack, FunctionsHost host,
        Azure.Storage.Queues.QueueClient queue, TableClient instances, string probeTarget)
    {
        var (api, log) = (stack.Api, stack.Log);
        var alias = $"s{context.RunId}";
        await BenchContext.CreateConnectionsAsync(api, Hub, [RotatingConnection(alias, probeTarget)], 1);
        var (ids, _, _) = await StartRotationsAsync(api, [alias]);
        await log.SkipToEndAsync();
        var kv = await stack.KeyVaultOperationsAsync();
        var steps = new List<SortedDictionary<string, object>>();
        for (var round = 0; round < 20; round++)
        {
            var row = (await instances.GetEntityAsync<TableEntity>(ids[0], "instance")).Value;
            var status = row.GetString("Status");
            if (status is "Completed" or "Failed" or "Terminated")
            {
                break;
            }
            var messages = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(60))).Value;
            if (messages.Length == 0)
            {
                await Task.Delay(200);
                continue;
            }
            await host.DispatchAsync(messages[0]);
            var calls = await log.ReadNewAsync();
            var kvNow = await stack.KeyVaultOperationsAsync();
            steps.Add(new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["step"] = row.GetString("StepName"),
                ["storageCalls"] = calls.ServiceTotal,
                ["storage"] = calls.Service,
                ["keyVaultCalls"] = Emulator.Diff(kv, kvNow).Values.Sum(),
                ["keyVault"] = Emulator.Diff(kv, kvNow),
            });
            kv = kvNow;
        }
        return steps;
    }

    /// <summary>What the Functions host's queue trigger does: receive a batch, POST each to the function, delete on success.</summary>
    private sealed class FunctionsHost(Uri service, Azure.Storage.Queues.QueueClient queue)
    {
        private readonly HttpClient http = new() { BaseAddress = service, Timeout = TimeSpan.FromMinutes(2) };

        public sealed record Counts(int Receives, int Deletes, int Dispatched);

        /// <summary>True when the function succeeded and the message was deleted.</summary>
        public async Task<bool> DispatchAsync(QueueMessage message)
        {
            var envelope = JsonSerializer.Serialize(new { Data = new { message = message.Body.ToString() }, Metadata = new { } });
            using var response = await http.PostAsync("WorkflowDispatch", new StringContent(envelope, System.Text.Encoding.UTF8, "application/json"));
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            return true;
        }

        /// <summary>Runs wake-ups until every instance in <paramref name="ids"/> has finished.</summary>
        public async Task<Counts> DrainAsync(TableClient instances, string[] ids)
        {
            var (receives, deletes, dispatched) = (0, 0, 0);
            var open = new HashSet<string>(ids, StringComparer.Ordinal);
            var deadline = Stopwatch.StartNew();
            while (open.Count > 0)
            {
                if (deadline.Elapsed > TimeSpan.FromMinutes(4))
                {
                    throw new TimeoutException($"{open.Count} rotations did not finish on the counting service.");
                }
                var messages = (await queue.ReceiveMessagesAsync(HostBatch, TimeSpan.FromSeconds(60))).Value;
                if (messages.Length > 0)
                {
                    // Empty receives are left out: how often an idle host polls is the host's business, not a step's.
                    receives++;
                    var handled = await Task.WhenAll(messages.Select(DispatchAsync));
                    dispatched += messages.Length;
                    deletes += handled.Count(h => h);
                    continue;
                }
                await foreach (var row in instances.QueryAsync<TableEntity>(select: ["PartitionKey", "Status"]))
                {
                    if (row.GetString("Status") is "Completed" or "Failed" or "Terminated")
                    {
                        open.Remove(row.PartitionKey);
                    }
                }
                if (open.Count > 0)
                {
                    await Task.Delay(200);
                }
            }
            return new Counts(receives, deletes, dispatched);
        }
    }
}
