using System.Text.Json;
using Switchboard.Testing;
using Switchboard.Workflows;

namespace Switchboard.Functions.Tests;

/// <summary>
/// What the Functions host will load, read from the build output the worker SDK generates: every function with
/// its trigger, route or schedule and bindings, the Durable extension, and host.json.
/// </summary>
public class FunctionsMetadataTests
{
    private static readonly string Output = Path.Combine(TestEnvironment.RepositoryRoot, "src", "Switchboard.Functions", "bin",
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0");

    private static readonly Dictionary<string, JsonElement> Functions = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "functions.metadata")))
        .RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone());

    private static List<JsonElement> Bindings(string function) => [.. Functions[function].GetProperty("bindings").EnumerateArray()];

    private static JsonElement Trigger(string function) => Bindings(function).Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger"));

    [Fact]
    public void ExactlyTheExpectedFunctionsExist()
    {
        var expected = new[] { "HttpApi", "ExpiryScan", "KeyVaultCheck", "OperationsPurge" }
            .Concat(WorkflowCatalog.Orchestrators.Keys).Concat(WorkflowCatalog.Activities.Keys);

        Assert.Equal(expected.Order(), Functions.Keys.Order());
    }

    [Fact]
    public void OneAnonymousCatchAllHttpFunctionServesTheApiWithADurableClient()
    {
        var trigger = Trigger("HttpApi");

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("{*path}", trigger.GetProperty("route").GetString());
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString(), ignoreCase: true);
        Assert.Equal(["delete", "get", "head", "options", "patch", "post", "put"],
            trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()).Order());
        Assert.Contains(Bindings("HttpApi"), b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Theory]
    [InlineData("ExpiryScan")]
    [InlineData("KeyVaultCheck")]
    [InlineData("OperationsPurge")]
    public void EachTimerRunsOnItsConfiguredScheduleWithADurableClient(string function)
    {
        var trigger = Trigger(function);

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal($"%Switchboard:Schedules:{function}%", trigger.GetProperty("schedule").GetString());
        Assert.Contains(Bindings(function), b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void EveryOrchestratorHasAnOrchestrationTrigger() =>
        Assert.All(WorkflowCatalog.Orchestrators.Keys, name => Assert.Equal("orchestrationTrigger", Trigger(name).GetProperty("type").GetString()));

    [Fact]
    public void EveryActivityHasAnActivityTriggerAndADurableClient() =>
        Assert.All(WorkflowCatalog.Activities.Keys, name =>
        {
            Assert.Equal("activityTrigger", Trigger(name).GetProperty("type").GetString());
            Assert.Contains(Bindings(name), b => b.GetProperty("type").GetString() == "durableClient");
        });

    [Fact]
    public void TheBuildCarriesTheDurableExtensionAndTheWorkerConfiguration()
    {
        Assert.True(File.Exists(Path.Combine(Output, ".azurefunctions", "Microsoft.Azure.WebJobs.Extensions.DurableTask.dll")));
        Assert.True(File.Exists(Path.Combine(Output, "worker.config.json")));
        Assert.False(File.Exists(Path.Combine(Output, "local.settings.json")));
    }

    [Fact]
    public void HostJsonKeepsTheApiUnderApiAndNamesTheTaskHubFromConfiguration()
    {
        var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "host.json"))).RootElement;
        var extensions = host.GetProperty("extensions");

        Assert.Equal("api", extensions.GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.Equal("%Switchboard:Durable:HubName%", extensions.GetProperty("durableTask").GetProperty("hubName").GetString());
        Assert.Equal(["extensions", "logging", "version"], host.EnumerateObject().Select(p => p.Name).Order());
    }
}
