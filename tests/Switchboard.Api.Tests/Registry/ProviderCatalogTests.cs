using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Switchboard.Api.Tests.Hosting;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Registry;

/// <summary>
/// The built-in catalogue: every provider the contract names, connections made with the new auth types, and each
/// header-based probe against a stand-in that checks what the real service checks (the header and its form).
/// </summary>
public class ProviderCatalogTests(IsolatedStorage storage) : RegistryTestBase(storage), IAsyncLifetime
{
    private const string GoodKey = "good-key-123";
    private WebApplication standIn = null!;
    private string baseUri = "";

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        standIn = builder.Build();
        // Anthropic: x-api-key, and anthropic-version is required (400 without it, as the real API answers).
        standIn.MapGet("/anthropic/v1/models", (HttpRequest r) =>
            r.Headers["anthropic-version"] != "2023-06-01" ? Results.StatusCode(400)
            : r.Headers["x-api-key"] == GoodKey ? Results.Ok(new { data = Array.Empty<object>() }) : Results.StatusCode(401));
        standIn.MapGet("/gemini/v1beta/models", (HttpRequest r) => r.Headers["x-goog-api-key"] == GoodKey ? Results.Ok() : Results.StatusCode(400));
        foreach (var path in new[] { "/mistral/v1/models", "/cohere/v1/models", "/hf/api/whoami-v2" })
        {
            standIn.MapGet(path, (HttpRequest r) => r.Headers.Authorization == "Bearer " + GoodKey ? Results.Ok() : Results.StatusCode(401));
        }
        standIn.MapGet("/bing/v7.0/search", (HttpRequest r) =>
            r.Query["q"].Count == 1 && r.Headers["Ocp-Apim-Subscription-Key"] == GoodKey ? Results.Ok() : Results.StatusCode(401));
        await standIn.StartAsync();
        baseUri = $"http://127.0.0.1:{port}";
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await standIn.DisposeAsync();
        await DisposeAsync();
    }

    [Fact]
    public async Task TheCatalogueListsEveryProviderTheContractNames()
    {
        var providers = await Api.GetJsonAsync("/api/providers");
        var ids = providers.GetProperty("value").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();

        string[] expected =
        [
            "OpenAI", "AzureOpenAI", "AzureAIServices", "AzureAIFoundry", "Anthropic", "GoogleGemini", "Mistral", "Cohere", "HuggingFace",
            "AmazonBedrock", "AzureAISearch", "AzureStorage", "AzureCosmosDB", "AzureSql", "PostgreSql", "AzureRedis", "BingGrounding",
            "ApplicationInsights", "Git", "McpServer", "CustomEndpoint",
        ];
        Assert.All(expected, id => Assert.Contains(id, ids));
        var bedrock = providers.GetProperty("value").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "AmazonBedrock");
        Assert.Equal(["accessKeyId", "secretAccessKey", "sessionToken"],
            bedrock.GetProperty("credentialFields").GetProperty("AccessKey").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task ConnectionsWithTheNewAuthTypesAreCreatedAndTheirRulesHold()
    {
        var hub = await Api.CreateHubAsync();
        var scope = $"/api/hubs/{hub}";

        await Api.CreateConnectionAsync(scope, new
        {
            alias = "bedrock", provider = "AmazonBedrock", target = "https://bedrock-runtime.us-east-1.amazonaws.com", authType = "AccessKey",
            credentials = new { accessKeyId = "AKIAEXAMPLE", secretAccessKey = "secret-canary" }, settings = new { region = "us-east-1" },
        });
        await Api.CreateConnectionAsync(scope, new { alias = "mcp-open", provider = "McpServer", target = "https://mcp.example.com/mcp", authType = "None" });
        await Api.CreateConnectionAsync(scope, new
        {
            alias = "mcp-oauth", provider = "McpServer", target = "https://mcp.example.com/mcp", authType = "OAuth2",
            credentials = new { tokenUrl = "https://login.example.com/token", clientId = "client", clientSecret = "s3cret", scope = "mcp" },
        });
        await Api.CreateConnectionAsync(scope, new
        {
            alias = "repo", provider = "Git", target = "https://github.com/contoso/app.git", authType = "PersonalAccessToken", credentials = new { token = "ghp_x" },
        });
        var noRegion = await Api.PostJsonAsync($"{scope}/connections", new
        {
            alias = "bedrock2", provider = "AmazonBedrock", target = "https://bedrock-runtime.us-east-1.amazonaws.com", authType = "AccessKey",
            credentials = new { accessKeyId = "AKIAEXAMPLE", secretAccessKey = "x" },
        });
        var wrongAuth = await Api.PostJsonAsync($"{scope}/connections", new
        {
            alias = "anthropic-mi", provider = "Anthropic", target = "https://api.anthropic.com", authType = "ManagedIdentity",
        });

        var problem = await ProblemDetailsTests.AssertProblem(noRegion, HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("settings.region", out _), problem.ToString());
        await ProblemDetailsTests.AssertProblem(wrongAuth, HttpStatusCode.BadRequest, "ValidationFailed");
        var secrets = await ApiClient.Expect(await Api.PostJsonAsync($"{scope}/connections/bedrock/listSecrets"), HttpStatusCode.OK);
        Assert.Equal("secret-canary", secrets.GetProperty("credentials").GetProperty("secretAccessKey").GetString());
    }

    [Theory]
    [InlineData("Anthropic", "/anthropic")]
    [InlineData("GoogleGemini", "/gemini")]
    [InlineData("Mistral", "/mistral")]
    [InlineData("Cohere", "/cohere")]
    [InlineData("HuggingFace", "/hf")]
    [InlineData("BingGrounding", "/bing")]
    public async Task EachProbeIsAcceptedWithTheRightKeyAndRefusedWithAnother(string provider, string path)
    {
        var hub = await Api.CreateHubAsync();
        var scope = $"/api/hubs/{hub}";
        foreach (var (alias, key) in new[] { ("good", GoodKey), ("bad", "wrong-key") })
        {
            await Api.CreateConnectionAsync(scope, new { alias, provider, target = baseUri + path, authType = "ApiKey", credentials = new { key } });
        }

        var good = await ApiClient.Expect(await Api.PostJsonAsync($"{scope}/connections/good/test"), HttpStatusCode.OK);
        var bad = await ApiClient.Expect(await Api.PostJsonAsync($"{scope}/connections/bad/test"), HttpStatusCode.OK);

        Assert.True(good.GetProperty("ok").GetBoolean(), good.ToString());
        Assert.False(bad.GetProperty("ok").GetBoolean(), bad.ToString());
        Assert.InRange(bad.GetProperty("status").GetInt32(), 400, 401);
    }
}
