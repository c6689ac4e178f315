namespace Switchboard.Infra.Tests;

/// <summary>
/// Builds and lints every template under infra/ once for all tests: one <c>bicep build</c> into a
/// temporary folder and one <c>bicep lint</c>, both over the pattern infra/**/*.bicep.
/// </summary>
public sealed class CompiledTemplates : IDisposable
{
    private const string Pattern = "infra/**/*.bicep";
    private readonly string _outputDirectory =
        Path.Combine(Path.GetTempPath(), "switchboard-infra-" + Guid.NewGuid().ToString("N"));

    public CompiledTemplates()
    {
        Directory.CreateDirectory(_outputDirectory);
        Build = BicepCli.Run(Repository.Root, "build", "--pattern", Pattern, "--outdir", _outputDirectory, "--no-restore");
        Lint = BicepCli.Run(Repository.Root, "lint", "--pattern", Pattern, "--no-restore");
    }

    internal BicepCli.Result Build { get; }

    internal BicepCli.Result Lint { get; }

    /// <summary>The ARM JSON compiled from infra/main.bicep.</summary>
    internal ArmTemplate Main => Compiled("main.bicep");

    /// <summary>The ARM JSON compiled from infra/byo-keyvault/main.bicep.</summary>
    internal ArmTemplate ByoKeyVault => Compiled("byo-keyvault/main.bicep");

    internal IEnumerable<ArmTemplate> All => Repository.Templates.Select(Compiled);

    /// <summary>Where the compiled JSON of a template (relative to infra/) was written.</summary>
    internal string OutputOf(string template) =>
        Path.Combine(_outputDirectory, Path.ChangeExtension(template, ".json"));

    internal ArmTemplate Compiled(string template)
    {
        var path = OutputOf(template);
        Assert.True(File.Exists(path), $"{template} was not compiled.\n{Build}");
        return ArmTemplate.Load(path);
    }

    public void Dispose() => Directory.Delete(_outputDirectory, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class CompiledTemplatesCollection : ICollectionFixture<CompiledTemplates>
{
    public const string Name = "Compiled templates";
}
