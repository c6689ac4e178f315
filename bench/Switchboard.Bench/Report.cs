using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.Bench;

/// <summary>One line of a scenario: the API (or the service) against its raw baseline (or the bare app).</summary>
public sealed record ResultRow(string Label, int? Clients, Stats? Api, Stats? Raw)
{
    /// <summary>API p50 / raw p50: how many times slower the API is than the raw operation.</summary>
    public double? RatioP50 => Api is not null && Raw is { P50: > 0 } ? Api.P50 / Raw.P50 : null;

    public double? RatioP95 => Api is not null && Raw is { P95: > 0 } ? Api.P95 / Raw.P95 : null;

    /// <summary>Raw throughput / API throughput.</summary>
    public double? RatioThroughput => Api is { Throughput: > 0 } && Raw is not null ? Raw.Throughput / Api.Throughput : null;
}

public sealed class ScenarioResult(int number, string name)
{
    public int Number { get; } = number;
    public string Name { get; } = name;
    public string Status { get; set; } = "ok";
    public string Target { get; set; } = "";
    public string Measured { get; set; } = "";
    public bool? Met { get; set; }
    public List<ResultRow> Rows { get; } = [];
    public SortedDictionary<string, object?> Details { get; } = new(StringComparer.Ordinal);
    public List<string> Notes { get; } = [];
    public double Seconds { get; set; }
}

public sealed record MachineInfo(int Processors, long MemoryMb, string Cpu, string Os, string Runtime, string LoadAverage)
{
    /// <summary>The 1-minute load average (/proc/loadavg): how busy the machine was besides the benchmark.</summary>
    public static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    public static MachineInfo Read(string loadAtStart)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memKb = File.ReadLines("/proc/meminfo").Where(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).FirstOrDefault();
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"') ?? "Linux"
            : "Linux";
        return new MachineInfo(Environment.ProcessorCount, memKb / 1024, cpu, os, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            $"{loadAtStart} at the start, {Load()} at the end");
    }
}

public sealed record BenchReport(
    DateTimeOffset StartedAt, double DurationSeconds, string Command, bool Quick, MachineInfo Machine, IReadOnlyList<ScenarioResult> Scenarios);

public static class Report
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void WriteJson(BenchReport report, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(report, Json));
    }

    /// <summary>Markdown, so a run's output can go into docs/benchmarks.md as it is.</summary>
    public static string Markdown(BenchReport report)
    {
        var s = new StringBuilder();
        var m = report.Machine;
        s.AppendLine(Inv($"Run of {report.StartedAt:yyyy-MM-dd HH:mm} UTC, {report.DurationSeconds:0} s in the harness{(report.Quick ? " (--quick: a tenth of the iterations, not for publishing)" : "")}."));
        s.AppendLine(Inv($"Machine: {m.Processors} cores ({m.Cpu}), {m.MemoryMb:N0} MB memory, {m.Os}, {m.Runtime}; load average {m.LoadAverage}."));
        s.AppendLine();
        s.AppendLine("| # | scenario | clients | API p50 / p95 / p99 (ms) | API ops/s | raw p50 / p95 / p99 (ms) | raw ops/s | ratio p50 | ratio p95 |");
        s.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var scenario in report.Scenarios)
        {
            if (scenario.Rows.Count == 0)
            {
                s.AppendLine(Inv($"| {scenario.Number} | {scenario.Name} | | {scenario.Measured} | | | | | |"));
            }
            foreach (var row in scenario.Rows)
            {
                s.AppendLine(Inv($"| {scenario.Number} | {row.Label} | {row.Clients?.ToString(CultureInfo.InvariantCulture) ?? ""} | {Latencies(row.Api)} | {Rate(row.Api)} | {Latencies(row.Raw)} | {Rate(row.Raw)} | {Ratio(row.RatioP50)} | {Ratio(row.RatioP95)} |"));
            }
        }
        s.AppendLine();
        s.AppendLine("| # | target | measured | met |");
        s.AppendLine("| --- | --- | --- | --- |");
        foreach (var scenario in report.Scenarios)
        {
            var met = scenario.Met switch { true => "yes", false => "**no**", null => scenario.Status };
            s.AppendLine(Inv($"| {scenario.Number} | {scenario.Target} | {scenario.Measured} | {met} |"));
        }
        foreach (var scenario in report.Scenarios.Where(r => r.Notes.Count > 0))
        {
            s.AppendLine();
            s.AppendLine(Inv($"Scenario {scenario.Number} ({scenario.Name}):"));
            foreach (var note in scenario.Notes)
            {
                s.AppendLine("- " + note);
            }
        }
        return s.ToString();
    }

    private static string Latencies(Stats? stats) => stats is null ? "" : Inv($"{Ms(stats.P50)} / {Ms(stats.P95)} / {Ms(stats.P99)}") + Errors(stats);

    private static string Errors(Stats stats) => stats.Errors > 0 ? Inv($" ({stats.Errors} errors)") : "";

    private static string Rate(Stats? stats) => stats is null || stats.Throughput == 0 ? "" : Inv($"{stats.Throughput:0.#}");

    private static string Ratio(double? ratio) => ratio is { } r ? Inv($"{r:0.00}x") : "";

    private static string Ms(double ms) => ms >= 100 ? Inv($"{ms:0}") : Inv($"{ms:0.0}");

    public static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
