using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;

/// <summary>Called by the runtime before Main when named in DOTNET_STARTUP_HOOKS; must live in no namespace.</summary>
internal static class StartupHook
{
    private static readonly StringBuilder Lines = new();
    private static readonly DateTime ProcessStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    public static void Initialize()
    {
        var path = Environment.GetEnvironmentVariable("SB_STARTUP_TIMELINE");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }
        Add("hook", "", JitCounts());
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) => Add("assembly", e.LoadedAssembly.GetName().Name ?? "?", "");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Add("exit", "", JitCounts());
            lock (Lines)
            {
                File.WriteAllText(path, Lines.ToString());
            }
        };
    }

    private static string JitCounts() => string.Create(CultureInfo.InvariantCulture,
        $"{System.Runtime.JitInfo.GetCompiledMethodCount()} {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:0.0}");

    private static void Add(string kind, string name, string extra)
    {
        var ms = (DateTime.UtcNow - ProcessStart).TotalMilliseconds;
        lock (Lines)
        {
            Lines.Append(CultureInfo.InvariantCulture, $"{ms:0.0}\t{kind}\t{name}\t{extra}\n");
        }
    }
}
