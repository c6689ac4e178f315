using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Switchboard.Api.Tests.Hosting;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Registry;

/// <summary><c>POST .../test</c> against a real HTTP server standing in for OpenAI.</summary>
public class ConnectionTestEndpointTests(IsolatedStorage storage) : RegistryTestBase(storage), IAsyncLifetime
{
    private WebApplication? fakeOpenAI;
    private string target = "";

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        fakeOpenAI = builder.Build();
        fakeOpenAI.MapGet("/v1/models", (HttpRequest request) =>
            request.Headers.Authorization == "Bearer sk-good" ? Results.Ok(new { data = Array.Empty<object>() }) : Results.StatusCode(401));
        await fakeOpenAI.StartAsync();
        target = $"http://127.0.0.1:{port}/v1";
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await fakeOpenAI!.DisposeAsync();
        await DisposeAsync();
    }

    private object Connection(string alias, string key) => new
    {
        alias, provider = "OpenAI", target, authType = "ApiKey", credentials = new { key },
    };

    [Fact]
    public async Task AWorkingKeyTestsOk()
    {
        var hub = await Api.CreateHubAsync();
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", Connection("good", "sk-good"));

        var result = await ApiClient.Expect(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/good/test"), HttpStatusCode.OK);

        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal(200, result.GetProperty("status").GetInt32());
        Assert.True(result.GetProperty("latencyMs").GetInt32() >= 0);
    }

    [Fact]
    public async Task ARejectedKeyTestsNotOkWithTheTargetsStatus()
    {
        var hub = await Api.CreateHubAsync();
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", Connection("bad", "sk-bad"));

        var result = await ApiClient.Expect(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/bad/test"), HttpStatusCode.OK);

        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal(401, result.GetProperty("status").GetInt32());
        Assert.DoesNotContain("sk-bad", result.GetRawText());
    }

    [Fact]
    public async Task AProviderWithoutAProbeAnswersOkNull()
    {
        var hub = await Api.CreateHubAsync();
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", new
        {
            alias = "sql", provider = "AzureSql", target = "https://sql.example/", authType = "ManagedIdentity", settings = new { database = "db" },
        });

        var result = await ApiClient.Expect(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/sql/test"), HttpStatusCode.OK);

        Assert.Equal(System.Text.Json.JsonValueKind.Null, result.GetProperty("ok").ValueKind);
    }

    [Fact]
    public async Task AnUnreachableTargetTestsNotOk()
    {
        var hub = await Api.CreateHubAsync();
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", new
        {
            alias = "down", provider = "OpenAI", target = $"http://127.0.0.1:{FreePort.Next()}/v1", authType = "ApiKey", credentials = new { key = "k" },
        });

        var result = await ApiClient.Expect(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/down/test"), HttpStatusCode.OK);

        Assert.False(result.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task ADisabledConnectionIsNotTested()
    {
        var hub = await Api.CreateHubAsync();
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", Connection("off", "sk-good"));
        await Api.PostJsonAsync($"/api/hubs/{hub}/connections/off/disable");

        await ProblemDetailsTests.AssertProblem(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/off/test"), HttpStatusCode.Conflict, "ConnectionDisabled");
    }
}
