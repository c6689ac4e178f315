using System.Diagnostics;
using System.Globalization;

namespace Switchboard.Bench.Scenarios;

/// <summary>
/// Scenario 6: from process start to the first 200 from /api/health, the service against a bare minimal API
/// answering the same route. Both are published the same way (self-contained, ReadyToRun), started alternately,
/// after one unmeasured start of each (so both find their files in the page cache). Then one more start of each
/// with bench/StartupTimeline as a startup hook, for where the time goes: assemblies loaded, methods compiled by
/// the JIT despite ReadyToRun, and the JIT's time.
/// </summary>
public sealed class ColdStartScenario : IScenario
{
    public int Number => 6;
    public string Name => "Cold start to the first 200 from /api/health";
    public string Target => "within 1.5x of a bare ASP.NET Core minimal API (p50)";

    public async Task RunAsync(BenchContext context, ScenarioResult result)
    {
        var starts = context.Options.Scale(9, 2);
        var apps = new List<(string Name, string Executable, bool Service)>
        {
            ("service", context.Options.App, true),
            ("bare", context.Options.Bare, false),
        };
        apps.AddRange(context.Options.Variants.Select(v => (v.Name, v.Executable, true)));
        var toOk = apps.ToDictionary(a => a.Name, _ => new Sample());
        var toAnswer = apps.ToDictionary(a => a.Name, _ => new Sample());
        for (var i = -1; i < starts; i++)
        {
            foreach (var app in apps)
            {
                var (ok, answer) = await StartAsync(context, app.Name, app.Executable, app.Service, i);
                if (i >= 0)
                {
                    toOk[app.Name].AddLatency(ok.TotalMilliseconds);
                    toAnswer[app.Name].AddLatency(answer.TotalMilliseconds);
                }
            }
        }
        var row = new ResultRow($"cold start to first 200, service vs bare app ({starts} starts each)", null, toOk["service"].Stats(), toOk["bare"].Stats());
        result.Rows.Add(row);
        // Where the time goes: until Kestrel answers at all (host built, DI, configuration, first routing), then
        // the first health check (first storage and Key Vault calls: SDK pipelines, connections, TLS to the vault).
        result.Rows.Add(new ResultRow("cold start to first answer (401/404 of a route needing nothing)", null, toAnswer["service"].Stats(), toAnswer["bare"].Stats()));
        foreach (var (name, _, _) in apps.Skip(2))
        {
            result.Rows.Add(new ResultRow($"cold start to first 200, variant '{name}' vs bare app", null, toOk[name].Stats(), toOk["bare"].Stats()));
        }
        result.Measured = Report.Inv($"{row.Api!.P50:0} ms vs {row.Raw!.P50:0} ms: {row.RatioP50:0.00}x (p50)");
        result.Met = row.RatioP50 <= 1.5;

        if (context.Options.StartupHook is not null)
        {
            foreach (var app in apps)
            {
                var profile = await ProfileAsync(context, app.Name, app.Executable, app.Service);
                result.Details["startupProfile." + app.Name] = profile;
                result.Notes.Add(Report.Inv($"{app.Name}: managed code runs {profile["managedCodeAtMs"]} ms after process start; until its first 200 and exit it loads ") +
                    Report.Inv($"{profile["assemblies"]} assemblies and the JIT compiles {profile["jitMethods"]} methods in {profile["jitMs"]} ms (ReadyToRun code is not counted; tier-1 recompilations are)."));
            }
        }
    }

    private static async Task<(TimeSpan Ok, TimeSpan Answer)> StartAsync(BenchContext context, string name, string executable, bool service, int attempt,
        Dictionary<string, string>? extra = null)
    {
        var port = ServiceProcess.FreePort();
        var environment = service
            // One task hub for all of them, not the main Server's: a stopped process keeps its partition leases until they expire.
            ? context.ServiceEnvironment(port, BenchContext.Prefix + "ColdStart")
            : new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" };
        foreach (var (key, value) in extra ?? [])
        {
            environment[key] = value;
        }
        var log = Path.Combine(context.Options.Work, $"coldstart-{name}-{attempt + 1}.log");
        var started = Stopwatch.GetTimestamp();
        await using var process = ServiceProcess.Start(executable, environment, port, log);
        // First any answer from a route that needs nothing (401 or 404), then the health's 200.
        var answer = TimeSpan.Zero;
        await process.WaitForOkAsync(started, "api/coldstart-probe", pollMs: 2, firstResponse: t => answer = t, anyStatus: true);
        var ok = await process.WaitForOkAsync(started, pollMs: 2);
        return (ok, answer);
    }

    /// <summary>One start with the startup hook: what it wrote when the process exited.</summary>
    private static async Task<SortedDictionary<string, object>> ProfileAsync(BenchContext context, string name, string executable, bool service)
    {
        var file = Path.Combine(context.Options.Work, $"startup-timeline-{name}.tsv");
        await StartAsync(context, name, executable, service, 100, new Dictionary<string, string>
        {
            ["DOTNET_STARTUP_HOOKS"] = context.Options.StartupHook!,
            ["SB_STARTUP_TIMELINE"] = file,
        });
        var lines = File.ReadAllLines(file).Select(l => l.Split('\t')).ToList();
        var exit = lines.Last(l => l[1] == "exit")[3].Split(' ');
        return new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["managedCodeAtMs"] = double.Parse(lines.First(l => l[1] == "hook")[0], CultureInfo.InvariantCulture),
            ["assemblies"] = lines.Count(l => l[1] == "assembly"),
            ["jitMethods"] = int.Parse(exit[0], CultureInfo.InvariantCulture),
            ["jitMs"] = double.Parse(exit[1], CultureInfo.InvariantCulture),
        };
    }
}
