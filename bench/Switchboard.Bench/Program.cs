using System.Diagnostics;
using Switchboard.Bench;
using Switchboard.Bench.Scenarios;

// Switchboard's benchmark harness: run it through bench/run.sh, which builds everything, starts Azurite and the
// Key Vault emulator (or uses running ones) and passes their addresses. See docs/benchmarks.md.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

IScenario[] scenarios =
[
    new GetConnectionScenario(),
    new CreateConnectionScenario(),
    new ListSecretsScenario(),
    new RotationScenario(),
    new ExpiryScanScenario(),
    new ColdStartScenario(),
    new MemoryScenario(),
    new MigrationScenario(),
];

// Whatever way the harness ends (an error, SIGTERM from run.sh), it leaves no service process behind.
AppDomain.CurrentDomain.ProcessExit += (_, _) => ServiceProcess.KillAll();

var startedAt = DateTimeOffset.UtcNow;
var loadAtStart = MachineInfo.Load();
var clock = Stopwatch.StartNew();
var results = new List<ScenarioResult>();
Console.Error.WriteLine($"[bench] starting the service ({options.App})");
await using (var context = await BenchContext.StartAsync(options))
{
    foreach (var scenario in scenarios.Where(s => options.Runs(s.Number)))
    {
        var result = new ScenarioResult(scenario.Number, scenario.Name) { Target = scenario.Target };
        var watch = Stopwatch.StartNew();
        var load = MachineInfo.Load();
        Console.Error.WriteLine($"[bench] {scenario.Number}. {scenario.Name}");
        try
        {
            await scenario.RunAsync(context, result);
        }
        catch (Exception e)
        {
            result.Status = "failed";
            result.Met = null;
            result.Measured = "failed: " + e.GetType().Name;
            result.Notes.Add($"Failed: {e}");
            Console.Error.WriteLine($"[bench] scenario {scenario.Number} failed: {e}");
        }
        result.Seconds = Math.Round(watch.Elapsed.TotalSeconds, 1);
        result.Details["loadAverage"] = $"{load} at the start, {MachineInfo.Load()} at the end";
        Console.Error.WriteLine(Report.Inv($"[bench] {scenario.Number}. done in {result.Seconds:0} s: {result.Measured}"));
        results.Add(result);
    }
}

var report = new BenchReport(startedAt, Math.Round(clock.Elapsed.TotalSeconds, 1), ("bench/run.sh " + options.CommandLineForDocs).TrimEnd(), options.Quick,
    MachineInfo.Read(loadAtStart), results);
Report.WriteJson(report, options.Output);
var markdown = Report.Markdown(report);
File.WriteAllText(Path.ChangeExtension(options.Output, ".md"), markdown);
Console.WriteLine(markdown);
Console.Error.WriteLine($"[bench] wrote {options.Output}");
return results.Any(r => r.Status == "failed") ? 1 : 0;
