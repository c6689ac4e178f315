namespace Switchboard.Infra.Tests;

[Collection(CompiledTemplatesCollection.Name)]
public sealed class TemplateValidationTests(CompiledTemplates templates)
{
    public static TheoryData<string> Templates => new(Repository.Templates);

    [Fact]
    public void InfraHoldsTheServiceAndTheBringYourOwnVaultTemplates()
    {
        Assert.Contains("main.bicep", Repository.Templates);
        Assert.Contains("byo-keyvault/main.bicep", Repository.Templates);
        Assert.Contains("modules/rbac.bicep", Repository.Templates);
    }

    [Fact]
    public void BicepBuildSucceedsWithoutDiagnostics()
    {
        Assert.True(templates.Build.ExitCode == 0, templates.Build.ToString());
        Assert.True(templates.Build.Output.Length == 0, $"bicep build reported:\n{templates.Build.Output}");
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void EveryTemplateCompilesToArmJson(string template)
    {
        var compiled = templates.Compiled(template);

        Assert.StartsWith("https://schema.management.azure.com/schemas/", (string?)compiled.Root["$schema"]);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void EveryTemplateLintsClean(string template)
    {
        var full = Path.Combine(Repository.Infra, template.Replace('/', Path.DirectorySeparatorChar));
        var diagnostics = templates.Lint.Output.Split('\n')
            .Where(line => line.StartsWith(full + "(", StringComparison.Ordinal))
            .ToList();

        Assert.True(diagnostics.Count == 0, string.Join('\n', diagnostics));
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void EveryLinterSuppressionSaysWhy(string template)
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Infra, template));

        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("#disable", StringComparison.Ordinal))
            {
                Assert.True(i > 0 && lines[i - 1].TrimStart().StartsWith("//", StringComparison.Ordinal),
                    $"{template}:{i + 1} turns a linter rule off without a comment above it saying why.");
            }
        }
    }

    [Fact]
    public void BicepLintReportsNothing()
    {
        Assert.True(templates.Lint.ExitCode == 0 && templates.Lint.Output.Length == 0, templates.Lint.ToString());
    }

    [Fact]
    public void LinterConfigurationTreatsEveryEnabledRuleAsAnError()
    {
        var config = Repository.Read("infra/bicepconfig.json");
        var levels = System.Text.RegularExpressions.Regex.Matches(config, "\"level\": \"(?<level>[a-z]+)\"")
            .Select(m => m.Groups["level"].Value)
            .ToList();

        Assert.Contains("\"enabled\": true", config, StringComparison.Ordinal);
        Assert.NotEmpty(levels);
        Assert.All(levels, level => Assert.Contains(level, new[] { "error", "off" }));
    }

    [Theory]
    [InlineData("no-unused-params", "param unused string\n")]
    [InlineData("outputs-should-not-contain-secrets",
        "resource st 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {\n  name: 'st'\n}\n\noutput key string = st.listKeys().keys[0].value\n")]
    [InlineData("no-hardcoded-env-urls", "output authority string = 'https://login.microsoftonline.com/'\n")]
    public void LinterWithOurConfigurationRejectsABadTemplate(string rule, string bicep)
    {
        var directory = Directory.CreateTempSubdirectory("switchboard-lint-");
        try
        {
            File.Copy(Path.Combine(Repository.Infra, "bicepconfig.json"), Path.Combine(directory.FullName, "bicepconfig.json"));
            File.WriteAllText(Path.Combine(directory.FullName, "bad.bicep"), bicep);

            var lint = BicepCli.Run(directory.FullName, "lint", "bad.bicep", "--no-restore");

            Assert.NotEqual(0, lint.ExitCode);
            Assert.Contains($"Error {rule}", lint.Output, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
