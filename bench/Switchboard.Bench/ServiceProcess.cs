using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Switchboard.Bench;

/// <summary>
/// A real process (the published service or the bare app), its output in a log file (the shell that starts it
/// execs it, so the process id is the app's). Stopped with SIGTERM, then killed if it lingers.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Process> Running = new();

    private readonly Process process;

    private ServiceProcess(Process process, int port, string logPath)
    {
        this.process = process;
        Port = port;
        LogPath = logPath;
    }

    public int Port { get; }
    public string LogPath { get; }
    public int Id => process.Id;
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");
    public bool HasExited => process.HasExited;

    public static ServiceProcess Start(string executable, IReadOnlyDictionary<string, string> environment, int port, string logPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var info = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(executable)!,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$0\" >\"$1\" 2>&1 </dev/null");
        info.ArgumentList.Add(executable);
        info.ArgumentList.Add(logPath);
        // Nothing of the harness's own hosting settings leaks into the app.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
            || k.StartsWith("DOTNET_", StringComparison.Ordinal) || k.StartsWith("Switchboard__", StringComparison.Ordinal)
            || k.StartsWith("FUNCTIONS_", StringComparison.Ordinal) || k is "AzureWebJobsStorage" or "urls" or "SWITCHBOARD_ADMIN_KEY").ToList())
        {
            info.Environment.Remove(key);
        }
        info.Environment["DOTNET_NOLOGO"] = "1";
        // No inotify watcher on appsettings.json: the machine-wide limit (128) is easily reached on a shared machine
        // by dozens of .NET processes, and the app then dies at start. The same for every app the harness starts.
        info.Environment["DOTNET_hostBuilder__reloadConfigOnChange"] = "false";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {executable}.");
        Running[process.Id] = process;
        return new ServiceProcess(process, port, logPath);
    }

    /// <summary>Polls <paramref name="path"/> until it answers 200; the time from <paramref name="since"/> until then.</summary>
    /// <param name="firstResponse">Told the time until the first HTTP answer of any status (Kestrel is up).</param>
    public async Task<TimeSpan> WaitForOkAsync(long since, string path = "api/health", TimeSpan? timeout = null, int pollMs = 5,
        Action<TimeSpan>? firstResponse = null, bool anyStatus = false)
    {
        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.GetTimestamp() + (long)((timeout ?? TimeSpan.FromSeconds(90)).TotalSeconds * Stopwatch.Frequency);
        var url = new Uri(BaseAddress, path);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Path.GetFileName(LogPath)}: the process exited with {process.ExitCode}; see {LogPath}:\n{Tail()}");
            }
            try
            {
                using var response = await http.GetAsync(url);
                firstResponse?.Invoke(Stopwatch.GetElapsedTime(since));
                firstResponse = null;
                if (response.StatusCode == HttpStatusCode.OK || anyStatus)
                {
                    return Stopwatch.GetElapsedTime(since);
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(pollMs);
        }
        throw new TimeoutException($"{url} did not answer 200 in time; see {LogPath}:\n{Tail()}");
    }

    /// <summary>Resident set (the working set) and its peak, in MB, from /proc.</summary>
    public (double RssMb, double PeakMb) Memory()
    {
        double Read(string field) => File.ReadLines($"/proc/{process.Id}/status")
            .Where(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0)
            .FirstOrDefault();
        return (Read("VmRSS"), Read("VmHWM"));
    }

    public string Tail(int lines = 20)
    {
        try
        {
            return string.Join('\n', File.ReadLines(LogPath).TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Kills whatever the harness started and has not stopped yet (it is exiting, perhaps on an error).</summary>
    public static void KillAll()
    {
        foreach (var (id, process) in Running)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }
            }
            catch (InvalidOperationException)
            {
            }
            Running.TryRemove(id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Running.TryRemove(process.Id, out _);
        if (process.HasExited)
        {
            process.Dispose();
            return;
        }
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
