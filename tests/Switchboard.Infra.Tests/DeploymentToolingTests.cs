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
    public void PackageScriptPublishesSelfContainedForLinuxX64AndZipsIt()
    {
        var script = Repository.Read("scripts/package.sh");

        Assert.Matches(@"dotnet publish src/Switchboard\.Functions -c Release -r linux-x64 --self-contained \\\s*-p:PublishReadyToRun=true -o ""\$publish_dir""", script);
        Assert.Contains($"publish_dir=\"{PublishFolder}\"", script, StringComparison.Ordinal);
        Assert.Contains("zip_file=\"artifacts/switchboard-functionapp.zip\"", script, StringComparison.Ordinal);
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

    private static string YamlValue(string yaml, string key)
    {
        var match = Regex.Match(yaml, $@"(?m)^\s+{Regex.Escape(key)}: (?<value>.+)$");
        Assert.True(match.Success, $"azure.yaml has no '{key}'.");
        return match.Groups["value"].Value.Trim();
    }
}
