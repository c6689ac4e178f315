namespace Switchboard.Testing;

/// <summary>What ./test.sh started for the tests, read from the environment it exports.</summary>
public static class TestEnvironment
{
    /// <summary>The Azurite connection string; the default ports when the tests run outside ./test.sh.</summary>
    public static string StorageConnectionString =>
        Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_STORAGE") ?? "UseDevelopmentStorage=true";

    /// <summary>The Key Vault emulator's endpoints.json.</summary>
    public static string KeyVaultEndpointsFile =>
        Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_KEYVAULT_ENDPOINTS")
        ?? Path.Combine(RepositoryRoot, ".switchboard", "keyvault", "endpoints.json");

    /// <summary>The published Functions app (./test.sh publishes it before the tests run).</summary>
    public static string PublishDirectory =>
        Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_PUBLISH_DIR")
        ?? throw new InvalidOperationException("SWITCHBOARD_TEST_PUBLISH_DIR is not set: run the tests through ./test.sh.");

    public static string AzuriteExecutable =>
        Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_AZURITE")
        ?? Path.Combine(RepositoryRoot, "node_modules", ".bin", "azurite");

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Functions.sln not found above " + AppContext.BaseDirectory);
    }
}
