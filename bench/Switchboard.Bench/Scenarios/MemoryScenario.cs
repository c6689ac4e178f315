using System.Net;

namespace Switchboard.Bench.Scenarios;

/// <summary>
/// Scenario 7: a fresh service process, 10,000 mixed requests from 8 clients (reads, listSecrets, lists, hub reads,
/// creates and updates), then its working set (VmRSS) and peak (VmHWM).
/// </summary>
public sealed class MemoryScenario : IScenario
{
    private const string Hub = "benchmem";

    public int Number => 7;
    public string Name => "Working set after 10,000 mixed requests";
    public string Target => "under 200 MB";

    public async Task RunAsync(BenchContext context, ScenarioResult result)
    {
        await context.EnsureReadFixtureAsync();
        await BenchContext.EnsureHubAsync(context.Api, Hub);
        var (rss, peak, idle, sample) = await RunAsync(context, "service-memory", new Dictionary<string, string>());
        var requests = sample.Count + sample.Errors;
        result.Rows.Add(new ResultRow($"{requests:N0} mixed requests, 8 clients (fresh process)", 8, sample.Stats(), null));
        ReadScenario.Errors(result, sample, new Sample());
        result.Details["workingSetMb"] = Math.Round(rss, 1);
        result.Details["peakWorkingSetMb"] = Math.Round(peak, 1);
        result.Details["workingSetAtStartMb"] = Math.Round(idle, 1);
        var (mainRss, mainPeak) = context.Service.Memory();
        result.Details["mainServiceWorkingSetMb"] = Math.Round(mainRss, 1);
        result.Details["mainServicePeakWorkingSetMb"] = Math.Round(mainPeak, 1);
        result.Measured = Report.Inv($"{rss:0} MB (peak {peak:0} MB; {idle:0} MB at start)");
        result.Met = rss < 200 && sample.Errors == 0;
        result.Notes.Add(Report.Inv($"Working set {rss:0.0} MB after {requests:N0} requests, peak {peak:0.0} MB, {idle:0.0} MB once healthy. ") +
            Report.Inv($"The service that ran scenarios 1-4 (their requests and rotations too): {mainRss:0.0} MB, peak {mainPeak:0.0} MB."));

        // For comparison only: the same with the workstation garbage collector (the web SDK's default is the server GC).
        var (wsRss, wsPeak, wsIdle, wsSample) = await RunAsync(context, "service-memory-workstation-gc", new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" });
        result.Rows.Add(new ResultRow($"the same with DOTNET_gcServer=0 (experiment)", 8, wsSample.Stats(), null));
        result.Details["workstationGcWorkingSetMb"] = Math.Round(wsRss, 1);
        result.Details["workstationGcPeakWorkingSetMb"] = Math.Round(wsPeak, 1);
        result.Notes.Add(Report.Inv($"With the workstation GC (DOTNET_gcServer=0, an experiment): {wsRss:0.0} MB, peak {wsPeak:0.0} MB, {wsIdle:0.0} MB once healthy."));
    }

    private static async Task<(double Rss, double Peak, double Idle, Sample Sample)> RunAsync(BenchContext context, string name, Dictionary<string, string> extra)
    {
        var port = ServiceProcess.FreePort();
        var environment = context.ServiceEnvironment(port, BenchContext.Prefix + "Memory");
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }
        await using var service = ServiceProcess.Start(context.Options.App, environment, port, Path.Combine(context.Options.Work, name + ".log"));
        await service.WaitForOkAsync(System.Diagnostics.Stopwatch.GetTimestamp());
        var (idle, _) = service.Memory();
        using var api = new ApiClient(service.BaseAddress, context.AdminKey);
        var run = context.RunId + (extra.Count == 0 ? "s" : "w");
        var requests = context.Options.Scale(10_000, 500);

        Task Mixed(int i)
        {
            var alias = BenchContext.Alias(i % BenchContext.ReadConnections);
            var read = $"api/hubs/{BenchContext.ReadHub}";
            return (i % 20) switch
            {
                < 8 => api.CallAsync(HttpMethod.Get, $"{read}/connections/{alias}"),
                < 13 => api.CallAsync(HttpMethod.Post, $"{read}/connections/{alias}/listSecrets"),
                < 16 => api.CallAsync(HttpMethod.Get, $"{read}/connections?top=20"),
                < 18 => api.CallAsync(HttpMethod.Get, read),
                18 => api.CallAsync(HttpMethod.Post, $"api/hubs/{Hub}/connections",
                    BenchContext.OpenAiConnection($"m{run}-{i}", $"sk-bench-{run}-{i}"), HttpStatusCode.Created),
                // Updates spread over the rows (20 requests apart), so two never race for one ETag.
                _ => api.CallAsync(HttpMethod.Patch, $"{read}/connections/{BenchContext.Alias(i / 20 % BenchContext.ReadConnections)}",
                    $"{{\"metadata\":{{\"team\":\"benchmark\",\"touched\":\"{i}\"}}}}"),
            };
        }

        var sample = new Sample();
        await Load.RunAsync(sample, 8, requests, Mixed);
        await Task.Delay(2000);
        var (rss, peak) = service.Memory();
        return (rss, peak, idle, sample);
    }
}
