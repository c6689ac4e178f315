using Azure.Data.Tables;

namespace Switchboard.Bench.Scenarios;

/// <summary>
/// Scenarios 1 and 3: a read through the API against one raw table point read of the same row, at 1, 8 and 64
/// concurrent clients, in alternating rounds. Rows are taken round-robin from 100 connections.
/// </summary>
public abstract class ReadScenario : IScenario
{
    private static readonly int[] ClientCounts = [1, 8, 64];

    public abstract int Number { get; }
    public abstract string Name { get; }
    public abstract string Target { get; }
    protected abstract string Label { get; }
    protected abstract Task CallApiAsync(ApiClient api, string alias);

    public async Task RunAsync(BenchContext context, ScenarioResult result)
    {
        await context.EnsureReadFixtureAsync();
        // What one request costs in calls, counted first on the counting service. Two rows, both warmed by the two
        // unmeasured requests: the steady state (secrets cached).
        var profile = await context.ProfileAsync((api, i) => CallApiAsync(api, BenchContext.Alias(Math.Abs(i) % 2)));
        if (profile is not null)
        {
            result.Details["callsPerRequest"] = profile;
            result.Notes.Add($"Each request makes {profile} (counted on the counting service); the baseline makes 1 storage call.");
        }
        var table = context.RawConnections;
        Task Raw(int i) => table.GetEntityAsync<TableEntity>(BenchContext.ReadHub, "c|" + BenchContext.Alias(i % BenchContext.ReadConnections));
        Task Api(int i) => CallApiAsync(context.Api, BenchContext.Alias(i % BenchContext.ReadConnections));

        // Warm-up: JIT, connection pools, the secret cache; not measured.
        await Load.CompareAsync(8, context.Options.Scale(1000, 200), 2, Raw, Api);

        foreach (var clients in ClientCounts)
        {
            var perSide = context.Options.Scale(clients switch { 1 => 1000, 8 => 2500, _ => 4000 }, 40);
            var (raw, api) = await Load.CompareAsync(clients, perSide, 4, Raw, Api);
            result.Rows.Add(new ResultRow($"{Label}, {clients} client{(clients == 1 ? "" : "s")}", clients, api.Stats(), raw.Stats()));
            Errors(result, api, raw);
        }

        // The service's own share: the API against exactly its storage calls made raw, one after another.
        if (profile is not null)
        {
            var (sequence, atOnce, description) = await RawSequence.BuildAsync(context, profile);
            if (sequence is null)
            {
                result.Notes.Add("No raw sequence: " + description + ".");
            }
            else
            {
                var (rawSequence, api) = await Load.CompareAsync(1, context.Options.Scale(1000, 40), 4, sequence, Api);
                result.Rows.Add(new ResultRow($"{Label.Split(' ')[0]} vs its own calls made raw in a row ({description}), 1 client", 1, api.Stats(), rawSequence.Stats()));
                result.Details["rawSequence"] = description;
                if (atOnce is not null)
                {
                    var (rawAtOnce, apiAgain) = await Load.CompareAsync(1, context.Options.Scale(1000, 40), 4, atOnce, Api);
                    result.Rows.Add(new ResultRow($"{Label.Split(' ')[0]} vs its own calls made raw at once ({description}), 1 client", 1, apiAgain.Stats(), rawAtOnce.Stats()));
                }
            }
        }

        if (this is GetConnectionScenario)
        {
            // The floor under any API call: one HTTP request to a bare Kestrel app on this machine.
            await using var bare = await BareApp.StartAsync(context);
            using var http = new HttpClient { BaseAddress = bare.BaseAddress };
            Task Floor(int i) => http.GetByteArrayAsync("api/health");
            var floor = new Sample();
            await Load.RunAsync(new Sample(), 1, context.Options.Scale(200, 20), Floor);
            await Load.RunAsync(floor, 1, context.Options.Scale(600, 40), Floor);
            result.Rows.Add(new ResultRow("HTTP floor: bare app GET /api/health, 1 client", 1, floor.Stats(), null));
        }

        var single = result.Rows[0];
        result.Measured = Report.Inv($"{single.RatioP50:0.00}x at 1 client (p50); {result.Rows[1].RatioP50:0.00}x at 8, {result.Rows[2].RatioP50:0.00}x at 64");
        result.Met = single.RatioP50 <= 1.5;
    }

    internal static void Errors(ScenarioResult result, Sample api, Sample raw)
    {
        foreach (var (side, sample) in new[] { ("API", api), ("raw", raw) })
        {
            if (sample.Errors > 0)
            {
                result.Notes.Add($"{side}: {sample.Errors} errors, e.g. {string.Join("; ", sample.ErrorMessages)}");
            }
        }
    }
}

public sealed class GetConnectionScenario : ReadScenario
{
    public override int Number => 1;
    public override string Name => "GET one connection";
    public override string Target => "within 1.5x of TableClient.GetEntityAsync of the same row (p50, 1 client)";
    protected override string Label => "GET connection vs GetEntityAsync";

    protected override Task CallApiAsync(ApiClient api, string alias) =>
        api.CallAsync(HttpMethod.Get, $"api/hubs/{BenchContext.ReadHub}/connections/{alias}");
}

public sealed class ListSecretsScenario : ReadScenario
{
    public override int Number => 3;
    public override string Name => "listSecrets";
    public override string Target => "within 1.5x of one raw table point read (p50, 1 client)";
    protected override string Label => "listSecrets vs one table read";

    protected override Task CallApiAsync(ApiClient api, string alias) =>
        api.CallAsync(HttpMethod.Post, $"api/hubs/{BenchContext.ReadHub}/connections/{alias}/listSecrets");
}
