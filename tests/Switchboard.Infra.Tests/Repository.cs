using System.Reflection;

namespace Switchboard.Infra.Tests;

/// <summary>Paths the build wrote into the test assembly: the repository and the Bicep CLI.</summary>
internal static class Repository
{
    public static string Root { get; } = Path.GetFullPath(Metadata("RepositoryRoot"));

    public static string Infra { get; } = Path.Combine(Root, "infra");

    public static string BicepVersion { get; } = Metadata("BicepVersion");

    /// <summary>Every template under infra/, as paths relative to infra/ with forward slashes.</summary>
    public static IReadOnlyList<string> Templates { get; } =
        Directory.EnumerateFiles(Infra, "*.bicep", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Infra, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    public static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test assembly has no '{key}' metadata; see the test project file.");
}
