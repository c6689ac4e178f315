using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Switchboard.Infra.Tests;

/// <summary>azure.yaml, the azd parameters file and scripts/package.sh agree with the templates and each other.</summary>
[Collection(CompiledTemplatesCollection.Name)]
public sealed class DeploymentToolingTests(CompiledTemplates templates)
{
    private const string PublishFolder = "artifacts/functionapp";

    [Fact]
    public void PackageScriptIsValidBash()
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-n");
        start.ArgumentList.Add(Path.Combine(Repository.Root, "scripts", "package.sh"));
        using var bash = Process.Start(start)!;
        var errors = bash.StandardError.ReadToEnd();
        bash.WaitForExit();

        Assert.True(bash.ExitCode == 0, errors);
    }

    [Fact]
    public void PackageScriptPublishesFrameworkDependentAndZipsIt()
    {
        var script = Repository.Read("scripts/package.sh");

        // Flex Consumption's dotnet-isolated 10.0 brings the runtime: no RID, no bundled runtime.
        Assert.Matches(@"(?m)^dotnet publish src/Switchboard\.Functions -c Release -o ""\$publish_dir""$", script);
        Assert.DoesNotMatch(@"--self-contained|--runtime\b|linux-x64|PublishReadyToRun", script);
        Assert.Contains($"publish_dir=\"{PublishFolder}\"", script, StringComparison.Ordinal);
        Assert.Contains("zip_file=\"artifacts/switchboard-functionapp.zip\"", script, StringComparison.Ordinal);
    }

    [Fact]
    public void PackageScriptZipsTheWorkerWithHostJsonAtTheRoot()
    {
        using var run = PackageRun.Start();

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(["publish", "src/Switchboard.Functions", "-c", "Release", "-o", PublishFolder], run.PublishArguments);

        using var zip = System.IO.Compression.ZipFile.OpenRead(run.ZipFile);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("host.json", entries);
        Assert.Contains("functions.metadata", entries);
        Assert.Contains("worker.config.json", entries);
        Assert.Contains(".azurefunctions/Microsoft.Azure.WebJobs.Extensions.DurableTask.dll", entries);
        Assert.Contains("Switchboard.Functions.dll", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("functionapp/", StringComparison.Ordinal) || e.StartsWith("./", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("host.json")]
    [InlineData("functions.metadata")]
    [InlineData("worker.config.json")]
    [InlineData(".azurefunctions")]
    public void PackageScriptRefusesAPublishWithout(string missing)
    {
        using var run = PackageRun.Start(omit: missing);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"{PublishFolder}/{missing}", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(run.ZipFile), "package.sh zipped an incomplete publish.");
    }

    [Fact]
    public void PackageScriptRefusesToShipLocalSettings()
    {
        using var run = PackageRun.Start(add: "local.settings.json");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("local.settings.json", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(run.ZipFile), "package.sh zipped local.settings.json.");
    }

    [Fact]
    public void AzdDeploysThePackagedFolderAsTheApiFunction()
    {
        var yaml = Repository.Read("azure.yaml");
        var project = YamlValue(yaml, "project");

        Assert.Equal("./src/Switchboard.Functions", project);
        Assert.Equal("function", YamlValue(yaml, "host"));
        Assert.Matches(@"(?m)^  api:$", yaml);
        Assert.Contains("scripts/package.sh", YamlValue(yaml, "run"), StringComparison.Ordinal);

        // dist is relative to the service's project folder, and must land on what package.sh writes.
        var dist = Path.GetFullPath(Path.Combine(Repository.Root, project, YamlValue(yaml, "dist")));
        Assert.Equal(Path.GetFullPath(Path.Combine(Repository.Root, PublishFolder)), dist);
    }

    [Fact]
    public void AzdParametersFileSuppliesEveryRequiredParameter()
    {
        var parameters = JsonNode.Parse(Repository.Read("infra/main.parameters.json"))!["parameters"]!.AsObject();
        var declared = ArmTemplate.Get(templates.Main.Root, "parameters")!.AsObject();

        foreach (var (name, parameter) in declared)
        {
            if (ArmTemplate.Get(parameter, "defaultValue") is null)
            {
                Assert.True(parameters.ContainsKey(name), $"main.parameters.json does not supply '{name}'.");
            }
        }
        Assert.All(parameters, p => Assert.True(declared.ContainsKey(p.Key), $"main.bicep has no parameter '{p.Key}'."));
    }

    [Fact]
    public void AzdDeploysTheFolderAsItIsRatherThanPublishingItself()
    {
        // With 'dotnet', azd would publish on its own into a temporary folder and skip package.sh's checks.
        var yaml = Repository.Read("azure.yaml");

        Assert.Equal("custom", YamlValue(yaml, "language"));
        Assert.Contains("prepackage:", yaml, StringComparison.Ordinal);
    }

    private static string YamlValue(string yaml, string key)
    {
        var match = Regex.Match(yaml, $@"(?m)^\s+{Regex.Escape(key)}: (?<value>.+)$");
        Assert.True(match.Success, $"azure.yaml has no '{key}'.");
        return match.Groups["value"].Value.Trim();
    }

    /// <summary>
    /// scripts/package.sh run from a copy of the script in a temporary repository, with a stub
    /// <c>dotnet</c> on the PATH that writes the layout of an isolated worker's publish output (less
    /// <c>omit</c>, plus <c>add</c>) instead of building anything.
    /// </summary>
    private sealed class PackageRun : IDisposable
    {
        private const string StubDotnet = """
            #!/usr/bin/env bash
            set -euo pipefail
            printf '%s\n' "$@" > "$STUB_ARGS"
            out="" prev=""
            for arg in "$@"; do
              [ "$prev" = "-o" ] && out="$arg"
              prev="$arg"
            done
            mkdir -p "$out/.azurefunctions"
            echo '{ "version": "2.0" }' > "$out/host.json"
            echo '[]' > "$out/functions.metadata"
            echo '{ "description": { "language": "dotnet-isolated" } }' > "$out/worker.config.json"
            echo stub > "$out/.azurefunctions/Microsoft.Azure.WebJobs.Extensions.DurableTask.dll"
            echo stub > "$out/Switchboard.Functions.dll"
            [ -z "${STUB_OMIT:-}" ] || rm -rf "${out:?}/$STUB_OMIT"
            [ -z "${STUB_ADD:-}" ] || echo '{}' > "$out/$STUB_ADD"
            """;

        private readonly string _root = Path.Combine(Path.GetTempPath(), "switchboard-package-" + Guid.NewGuid().ToString("N"));

        public int ExitCode { get; private set; }

        public string Output { get; private set; } = "";

        public string ZipFile => Path.Combine(_root, "artifacts", "switchboard-functionapp.zip");

        public IReadOnlyList<string> PublishArguments =>
            File.Exists(ArgumentsFile) ? File.ReadAllLines(ArgumentsFile) : [];

        private string ArgumentsFile => Path.Combine(_root, "dotnet-arguments");

        public static PackageRun Start(string omit = "", string add = "")
        {
            var run = new PackageRun();
            try
            {
                run.Execute(omit, add);
            }
            catch
            {
                run.Dispose();
                throw;
            }
            return run;
        }

        private void Execute(string omit, string add)
        {
            var scripts = Directory.CreateDirectory(Path.Combine(_root, "scripts")).FullName;
            var bin = Directory.CreateDirectory(Path.Combine(_root, "bin")).FullName;
            File.Copy(Path.Combine(Repository.Root, "scripts", "package.sh"), Path.Combine(scripts, "package.sh"));
            var dotnet = Path.Combine(bin, "dotnet");
            File.WriteAllText(dotnet, StubDotnet.ReplaceLineEndings("\n") + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(dotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var start = new ProcessStartInfo("bash")
            {
                WorkingDirectory = Path.GetTempPath(),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(scripts, "package.sh"));
            start.Environment["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
            start.Environment["STUB_ARGS"] = ArgumentsFile;
            start.Environment["STUB_OMIT"] = omit;
            start.Environment["STUB_ADD"] = add;

            using var bash = Process.Start(start)!;
            var stdout = bash.StandardOutput.ReadToEndAsync();
            var stderr = bash.StandardError.ReadToEndAsync();
            if (!bash.WaitForExit(TimeSpan.FromMinutes(1)))
            {
                bash.Kill(entireProcessTree: true);
                throw new TimeoutException("package.sh did not finish within a minute.");
            }
            ExitCode = bash.ExitCode;
            Output = (stdout.Result + stderr.Result).Trim();
        }

        public void Dispose()
        {
            if (Directory.Exists(_root))
            {
                Directory.Delete(_root, recursive: true);
            }
        }
    }
}
