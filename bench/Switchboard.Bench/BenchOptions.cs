using System.Globalization;

namespace Switchboard.Bench;

/// <summary>The harness's command line (bench/run.sh builds it). Every path is absolute.</summary>
public sealed class BenchOptions
{
    /// <summary>Azurite for the measured scenarios: a storage connection string.</summary>
    public string Storage { get; private set; } = "";

    /// <summary>The Key Vault emulator's endpoints.json (admin URL, certificate, vault URIs).</summary>
    public string KeyVaultEndpoints { get; private set; } = "";

    /// <summary>A second Azurite started with <c>--debug</c>, used only to count the storage calls of rotations.</summary>
    public string? CountStorage { get; private set; }

    /// <summary>That Azurite's debug log.</summary>
    public string? CountLog { get; private set; }

    /// <summary>The published service's executable.</summary>
    public string App { get; private set; } = "";

    /// <summary>The published bare minimal API's executable.</summary>
    public string Bare { get; private set; } = "";

    /// <summary>Where service logs go.</summary>
    public string Work { get; private set; } = Path.GetTempPath();

    public string Output { get; private set; } = "bench/results/latest.json";

    /// <summary>bench/StartupTimeline's assembly: scenario 6 profiles one more start of each app with it.</summary>
    public string? StartupHook { get; private set; }

    /// <summary>Other builds of the service to time in scenario 6 (name, executable), e.g. with a build flag to try.</summary>
    public List<(string Name, string Executable)> Variants { get; } = [];

    /// <summary>A tenth of the iterations: for developing the harness, never for published figures.</summary>
    public bool Quick { get; private set; }

    /// <summary>Scenario numbers to run (all when empty).</summary>
    public HashSet<int> Only { get; } = [];

    public string CommandLine { get; private set; } = "";

    /// <summary>The options a person passes to bench/run.sh (the rest run.sh adds itself).</summary>
    public string CommandLineForDocs =>
        string.Join(' ', new[] { Quick ? "--quick" : "", Only.Count > 0 ? "--only " + string.Join(',', Only.Order()) : "" }.Where(a => a.Length > 0));

    /// <summary>Scales an iteration count (at least <paramref name="minimum"/>).</summary>
    public int Scale(int count, int minimum = 1) => Quick ? Math.Max(minimum, count / 10) : count;

    public bool Runs(int scenario) => Only.Count == 0 || Only.Contains(scenario);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions { CommandLine = string.Join(' ', args) };
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--storage": options.Storage = Next(); break;
                case "--keyvault-endpoints": options.KeyVaultEndpoints = Next(); break;
                case "--count-storage": options.CountStorage = Next(); break;
                case "--count-log": options.CountLog = Next(); break;
                case "--app": options.App = Next(); break;
                case "--bare": options.Bare = Next(); break;
                case "--work": options.Work = Next(); break;
                case "--out": options.Output = Next(); break;
                case "--startup-hook": options.StartupHook = Next(); break;
                case "--variant":
                    var variant = Next().Split('=', 2);
                    options.Variants.Add((variant[0], variant[1]));
                    break;
                case "--quick": options.Quick = true; break;
                case "--only":
                    foreach (var part in Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        options.Only.Add(int.Parse(part, CultureInfo.InvariantCulture));
                    }
                    break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }
        if (options.Storage.Length == 0 || options.KeyVaultEndpoints.Length == 0 || options.App.Length == 0 || options.Bare.Length == 0)
        {
            throw new ArgumentException("--storage, --keyvault-endpoints, --app and --bare are required (bench/run.sh passes them).");
        }
        return options;
    }
}
