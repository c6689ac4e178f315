using System.Diagnostics;

namespace Switchboard.Infra.Tests;

/// <summary>The Bicep CLI restored from the package feed (Azure.Bicep.CommandLine.linux-x64).</summary>
internal static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static string Path { get; } = Locate();

    public sealed record Result(int ExitCode, string Output)
    {
        public override string ToString() => $"exit code {ExitCode}\n{Output}";
    }

    /// <summary>
    /// Runs the CLI in <paramref name="workingDirectory"/>. --no-restore keeps it off the network: the
    /// templates use local modules only.
    /// </summary>
    public static Result Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // The CLI is a .NET app; without this it needs ICU, which a slim machine may lack.
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }
        return new Result(process.ExitCode, (stdout.Result + stderr.Result).Trim());
    }

    private static string Locate()
    {
        var candidates = new List<string> { Repository.Metadata("BicepPath") };
        // Fallbacks for a package folder that moved since the build.
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(packages))
        {
            packages = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }
        candidates.Add(System.IO.Path.Combine(packages, "azure.bicep.commandline.linux-x64", Repository.BicepVersion, "tools", "bicep"));

        var path = candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                "The Bicep CLI is missing; restore the test project (it downloads Azure.Bicep.CommandLine.linux-x64). Looked at: "
                + string.Join(", ", candidates));

        // Package extraction does not always keep the executable bit.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if (!mode.HasFlag(UnixFileMode.UserExecute))
            {
                File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
            }
        }
        return path;
    }
}
