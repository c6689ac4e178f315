using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Functions.Tests.Hosting;
using Switchboard.Functions.Tests.Registry;
using Switchboard.Testing;

namespace Switchboard.Functions.Tests.Operations;

public class RotationTests(IsolatedStorage storage) : RegistryTestBase(storage), IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private WebApplication fakeOpenAI = null!;
    private string target = "";

    protected override void Configure(SwitchboardApplication app) =>
        // Timers: at most 1 s of real waiting per hop, while the test moves the engine's clock.
        app.WithClock(clock).With("Switchboard:Workflows:MaxQueueDelay", "00:00:01");

    async Task IAsyncLifetime.InitializeAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        fakeOpenAI = builder.Build();
        fakeOpenAI.MapGet("/v1/models", (HttpRequest r) => r.Headers.Authorization.ToString().StartsWith("Bearer sk-good", StringComparison.Ordinal) ? Results.Ok() : Results.StatusCode(401));
        await fakeOpenAI.StartAsync();
        target = $"http://127.0.0.1:{port}/v1";
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await fakeOpenAI.DisposeAsync();
    }

    private async Task<string> ConnectionAsync(string hub, string alias, string key, string grace) =>
        (await Api.CreateConnectionAsync($"/api/hubs/{hub}", new
        {
            alias, provider = "OpenAI", target, authType = "ApiKey", credentials = new { key }, rotation = new { gracePeriod = grace },
        })).GetProperty("secretVersion").GetString()!;

    private async Task<string> SecretAsync(string hub, string alias, string version = "current")
    {
        var response = await Api.PostJsonAsync($"/api/hubs/{hub}/connections/{alias}/listSecrets?version={version}");
        return (await ApiClient.Expect(response, HttpStatusCode.OK)).GetProperty("credentials").GetProperty("key").GetString()!;
    }

    [Fact]
    public async Task ARotationTestsPromotesAndRetiresThePreviousVersion()
    {
        var hub = await Api.CreateHubAsync();
        var before = await ConnectionAsync(hub, "rot", "sk-good-1", "PT0S");

        var accepted = await Api.PostJsonAsync($"/api/hubs/{hub}/connections/rot/rotate", new { credentials = new { key = "sk-good-2" } });
        var done = await Operation.CompletionAsync(Api, accepted);

        Assert.Equal("Completed", done.GetProperty("status").GetString());
        Assert.Equal("Rotation", done.GetProperty("name").GetString());
        Assert.Equal(5, done.GetProperty("progress").GetProperty("stepCount").GetInt32());
        Assert.Contains(done.GetProperty("history").EnumerateArray(), e => e.GetProperty("step").GetString() == "Test pending version");
        Assert.Equal("sk-good-2", await SecretAsync(hub, "rot"));
        var connection = await Api.GetJsonAsync($"/api/hubs/{hub}/connections/rot");
        Assert.NotEqual(before, connection.GetProperty("secretVersion").GetString());
        Assert.Equal(done.GetProperty("output").GetProperty("secretVersion").GetString(), connection.GetProperty("secretVersion").GetString());
        await ProblemDetailsTests.AssertProblem(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/rot/listSecrets?version=previous"), HttpStatusCode.NotFound, "NotFound");
        var audit = await Api.GetJsonAsync($"/api/hubs/{hub}/audit?alias=rot");
        var actions = audit.GetProperty("value").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("rotation.started", actions);
        Assert.Contains("connection.rotated", actions);
    }

    [Fact]
    public async Task ThePreviousVersionStaysReadableUntilTheGracePeriodEnds()
    {
        var hub = await Api.CreateHubAsync();
        await ConnectionAsync(hub, "graceful", "sk-good-old", "PT1H");

        var accepted = await Api.PostJsonAsync($"/api/hubs/{hub}/connections/graceful/rotate", new { credentials = new { key = "sk-good-new" } });
        await Operation.AcceptedAsync(accepted);
        var location = accepted.Headers.Location!.ToString();
        var waiting = await Operation.AtStepAsync(Api, location, "Retire previous version");

        Assert.Equal("Running", waiting.GetProperty("status").GetString());
        Assert.Equal("sk-good-new", await SecretAsync(hub, "graceful"));
        Assert.Equal("sk-good-old", await SecretAsync(hub, "graceful", "previous"));

        clock.Advance(TimeSpan.FromHours(2));
        var done = await Operation.FinishedAsync(Api, location);

        Assert.Equal("Completed", done.GetProperty("status").GetString());
        await ProblemDetailsTests.AssertProblem(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/graceful/listSecrets?version=previous"), HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task RejectedNewCredentialsFailTheRotationAndLeaveTheConnectionUntouched()
    {
        var hub = await Api.CreateHubAsync();
        var before = await ConnectionAsync(hub, "guarded", "sk-good-keep", "PT0S");

        var accepted = await Api.PostJsonAsync($"/api/hubs/{hub}/connections/guarded/rotate", new { credentials = new { key = "sk-bad" } });
        var done = await Operation.CompletionAsync(Api, accepted);

        Assert.Equal("Failed", done.GetProperty("status").GetString());
        Assert.Equal("PendingCredentialsRejected", done.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("sk-good-keep", await SecretAsync(hub, "guarded"));
        Assert.Equal(before, (await Api.GetJsonAsync($"/api/hubs/{hub}/connections/guarded")).GetProperty("secretVersion").GetString());
        Assert.DoesNotContain("sk-bad", done.GetRawText());
    }

    [Fact]
    public async Task SwitchboardGeneratesCredentialsWhereTheProviderAllows()
    {
        var hub = await Api.CreateHubAsync();
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", new
        {
            alias = "issued", provider = "CustomEndpoint", target = "https://custom.example/", authType = "ApiKey",
            credentials = new { key = "first-key" }, settings = new { apiKeyHeader = "x-key" }, rotation = new { gracePeriod = "PT0S" },
        });
        var old = await SecretAsync(hub, "issued");

        // The custom endpoint is not reachable from here, so the probe cannot confirm; the test step then retries and fails.
        var accepted = await Api.Http.PostAsync($"/api/hubs/{hub}/connections/issued/rotate", null);
        var body = await Operation.AcceptedAsync(accepted);

        Assert.Equal("Rotation", body.GetProperty("name").GetString());
        Assert.DoesNotContain(old, body.GetRawText());
    }

    [Fact]
    public async Task AProviderThatCannotGenerateNeedsCredentials()
    {
        var hub = await Api.CreateHubAsync();
        await ConnectionAsync(hub, "manual", "sk-good-x", "PT0S");

        var response = await Api.Http.PostAsync($"/api/hubs/{hub}/connections/manual/rotate", null);

        var problem = await ProblemDetailsTests.AssertProblem(response, HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("credentials", out _));
    }

    [Fact]
    public async Task ASecondRotationWhileOneRunsIs409WithTheRunningOperation()
    {
        var hub = await Api.CreateHubAsync();
        await ConnectionAsync(hub, "busy", "sk-good-a", "PT1H");
        var first = await Api.PostJsonAsync($"/api/hubs/{hub}/connections/busy/rotate", new { credentials = new { key = "sk-good-b" } });
        await Operation.AcceptedAsync(first);

        var second = await Api.PostJsonAsync($"/api/hubs/{hub}/connections/busy/rotate", new { credentials = new { key = "sk-good-c" } });

        var problem = await ProblemDetailsTests.AssertProblem(second, HttpStatusCode.Conflict, "OperationInProgress");
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("operationId").GetString()));
        await Api.PostJsonAsync(first.Headers.Location!.AbsolutePath + "/terminate");
    }

    [Fact]
    public async Task RotatingADisabledConnectionIsRefused()
    {
        var hub = await Api.CreateHubAsync();
        await ConnectionAsync(hub, "off", "sk-good-z", "PT0S");
        await Api.PostJsonAsync($"/api/hubs/{hub}/connections/off/disable");

        await ProblemDetailsTests.AssertProblem(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/off/rotate", new { credentials = new { key = "sk-good-y" } }),
            HttpStatusCode.Conflict, "ConnectionDisabled");
    }
}
