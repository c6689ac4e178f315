using System.Text.Json;
using Switchboard.Testing;

namespace Switchboard.Functions.Tests.Functions;

/// <summary>The publish output must be a complete Functions app the host can load as a custom handler.</summary>
public class PublishedLayoutTests
{
    private static readonly string Published = TestEnvironment.PublishDirectory;

    private static JsonElement ReadJson(params string[] path) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine([Published, .. path]))).RootElement;

    [Fact]
    public void HostJsonStartsThePublishedExecutableAsACustomHandlerWithProxying()
    {
        var customHandler = ReadJson("host.json").GetProperty("customHandler");
        var description = customHandler.GetProperty("description");

        Assert.True(customHandler.GetProperty("enableProxyingHttpRequest").GetBoolean());
        // The app's own executable: a self-contained publish then needs no particular .NET on the Functions image.
        var executable = description.GetProperty("defaultExecutablePath").GetString()!;
        Assert.True(File.Exists(Path.Combine(Published, executable)), $"{executable} is not in the published folder");
        Assert.False(description.TryGetProperty("arguments", out _));
    }

    [Fact]
    public void HostJsonKeepsThePublicRoutesUnderApi() =>
        Assert.Equal("api", ReadJson("host.json").GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());

    [Fact]
    public void EveryFunctionFolderOfTheRepositoryIsPublishedWithItsFunctionJson()
    {
        var sourceFolders = Directory.GetDirectories(Path.Combine(TestEnvironment.RepositoryRoot, "functions")).Select(Path.GetFileName);

        foreach (var folder in sourceFolders)
        {
            Assert.True(File.Exists(Path.Combine(Published, folder!, "function.json")), $"{folder}/function.json is not published");
        }
    }

    [Fact]
    public void TheHttpFunctionIsACatchAllPassThrough()
    {
        var bindings = ReadJson("HttpApi", "function.json").GetProperty("bindings").EnumerateArray().ToList();

        // Pass-through needs exactly one httpTrigger input and one http output.
        Assert.Equal(2, bindings.Count);
        var trigger = bindings.Single(b => b.GetProperty("direction").GetString() == "in");
        var output = bindings.Single(b => b.GetProperty("direction").GetString() == "out");
        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("{*path}", trigger.GetProperty("route").GetString());
        Assert.Equal("anonymous", trigger.GetProperty("authLevel").GetString());
        Assert.Equal(
            ["delete", "get", "head", "options", "patch", "post", "put"],
            trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).Order());
        Assert.Equal("http", output.GetProperty("type").GetString());
    }

    [Fact]
    public void TheSampleLocalSettingsDeclareACustomWorkerRuntime()
    {
        var values = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "local.settings.sample.json")))
            .RootElement.GetProperty("Values");

        Assert.Equal("custom", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
    }
}
