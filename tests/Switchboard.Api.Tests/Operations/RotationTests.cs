using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Switchboard.Api.Tests.Hosting;
using Switchboard.Api.Tests.Registry;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Operations;

public class RotationTests(IsolatedStorage storage) : RegistryTestBase(storage), IAsyncLifetime
{
    private WebApplication fakeOpenAI = null!;
    private string target = "";

    /// <summary>Nothing listens there: a target outside the service's network, as far as the probe can tell.</summary>
    private readonly string unreachable = $"http://127.0.0.1:{FreePort.Next()}/v1";

    async Task IAsyncLifetime.InitializeAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        fakeOpenAI = builder.Build();
        fakeOpenAI.MapGet("/v1/models", async (HttpRequest r) =>
        {
            var authorization = r.Headers.Authorization.ToString();
            if (authorization.StartsWith("Bearer sk-good-slow", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromSeconds(3));
            }
            return authorization.StartsWith("Bearer sk-good", StringComparison.Ordinal) ? Results.Ok() : Results.StatusCode(401);
        });
        await fakeOpenAI.StartAsync();
        target = $"http://127.0.0.1:{port}/v1";
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await fakeOpenAI.DisposeAsync();
    }

    private async Task<string> ConnectionAsync(string hub, string alias, string key, string grace, string test = "required", string? at = null) =>
        (await Api.CreateConnectionAsync($"/api/hubs/{hub}", new
        {
            alias, provider = "OpenAI", target = at ?? target, authType = "ApiKey", credentials = new { key }, rotation = new { gracePeriod = grace, test },
        })).GetProperty("secretVersion").GetString()!;

    private async Task<JsonElement> RotateAsync(string hub, string alias, string key, bool revokePrevious = false) =>
        await Operation.CompletionAsync(Api, await Api.PostJsonAsync($"/api/hubs/{hub}/connections/{alias}/rotate", new { credentials = new { key }, revokePrevious }));

    private async Task<HttpStatusCode> PreviousStatusAsync(string hub, string alias) =>
        (await Api.PostJsonAsync($"/api/hubs/{hub}/connections/{alias}/listSecrets?version=previous")).StatusCode;

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
        Assert.Equal(4, done.GetProperty("progress").GetProperty("stepCount").GetInt32());
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
    public async Task TheRotationCompletesAtOnceAndThePreviousVersionStaysReadableUntilTheGracePeriodEnds()
    {
        var hub = await Api.CreateHubAsync();
        await ConnectionAsync(hub, "graceful", "sk-good-old", "PT4S");

        var done = await RotateAsync(hub, "graceful", "sk-good-new");

        Assert.Equal("Completed", done.GetProperty("status").GetString());
        Assert.Equal("sk-good-new", await SecretAsync(hub, "graceful"));
        Assert.Equal("sk-good-old", await SecretAsync(hub, "graceful", "previous"));
        await Eventually.TrueAsync(async () => await PreviousStatusAsync(hub, "graceful") == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(60), "the previous version to be retired after the grace period");
        Assert.Equal("sk-good-new", await SecretAsync(hub, "graceful"));
    }

    [Fact]
    public async Task ARotationDuringTheGracePeriodRetiresTheOlderPreviousVersionAtOnce()
    {
        var hub = await Api.CreateHubAsync();
        await ConnectionAsync(hub, "twice", "sk-good-1", "PT1H");
        await RotateAsync(hub, "twice", "sk-good-2");

        var done = await RotateAsync(hub, "twice", "sk-good-3");

        Assert.Equal("Completed", done.GetProperty("status").GetString());
        Assert.Equal("sk-good-3", await SecretAsync(hub, "twice"));
        Assert.Equal("sk-good-2", await SecretAsync(hub, "twice", "previous"));
        var versions = JsonDocument.Parse(await TestVaults.DumpAsync("main")).RootElement.GetProperty("secrets").EnumerateArray()
            .SelectMany(s => s.GetProperty("versions").EnumerateArray())
            .Where(v => v.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Object && t.TryGetProperty("switchboard-hub", out var h) && h.GetString() == hub)
            .ToList();
        Assert.Equal(3, versions.Count);
        Assert.Equal(2, versions.Count(v => v.GetProperty("enabled").GetBoolean()));
    }

    [Fact]
    public async Task RevokePreviousDisablesThePreviousVersionAsSoonAsTheNewOneIsCurrent()
    {
        var hub = await Api.CreateHubAsync();
        await ConnectionAsync(hub, "leaked", "sk-good-leaked", "P1D");

        var done = await RotateAsync(hub, "leaked", "sk-good-fresh", revokePrevious: true);

        Assert.Equal("Completed", done.GetProperty("status").GetString());
        Assert.Equal("sk-good-fresh", await SecretAsync(hub, "leaked"));
        Assert.Equal(HttpStatusCode.NotFound, await PreviousStatusAsync(hub, "leaked"));
        var audit = await Api.GetJsonAsync($"/api/hubs/{hub}/audit?alias=leaked");
        Assert.Contains(audit.GetProperty("value").EnumerateArray(), e => e.GetProperty("action").GetString() == "connection.rotated"
            && e.GetProperty("details").TryGetProperty("previousRevoked", out _));
    }

    [Fact]
    public async Task AnUnreachableTargetFailsARotationWhoseTestIsRequired()
    {
        var hub = await Api.CreateHubAsync();
        var before = await ConnectionAsync(hub, "private", "sk-good-p1", "PT0S", "required", unreachable);

        var done = await RotateAsync(hub, "private", "sk-good-p2");

        Assert.Equal("Failed", done.GetProperty("status").GetString());
        Assert.Equal("TargetUnreachable", done.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("sk-good-p1", await SecretAsync(hub, "private"));
        Assert.Equal(before, (await Api.GetJsonAsync($"/api/hubs/{hub}/connections/private")).GetProperty("secretVersion").GetString());
    }

    [Fact]
    public async Task AnUnreachableTargetIsRecordedAndTheRotationGoesOnWhenTheTestIsIfReachable()
    {
        var hub = await Api.CreateHubAsync();
        await ConnectionAsync(hub, "private", "sk-good-p1", "PT0S", "ifReachable", unreachable);

        var done = await RotateAsync(hub, "private", "sk-good-p2");

        Assert.Equal("Completed", done.GetProperty("status").GetString());
        Assert.Contains(done.GetProperty("history").EnumerateArray(), e => e.GetProperty("type").GetString() == "TargetUnreachable");
        Assert.Equal("sk-good-p2", await SecretAsync(hub, "private"));
        var audit = await Api.GetJsonAsync($"/api/hubs/{hub}/audit?alias=private");
        Assert.Contains(audit.GetProperty("value").EnumerateArray(), e => e.GetProperty("action").GetString() == "connection.rotated"
            && e.GetProperty("details").TryGetProperty("untested", out _));
    }

    [Fact]
    public async Task ARefusalStillFailsARotationWhoseTestIsIfReachable()
    {
        var hub = await Api.CreateHubAsync();
        await ConnectionAsync(hub, "strict", "sk-good-s1", "PT0S", "ifReachable");

        var done = await RotateAsync(hub, "strict", "sk-bad-s2");

        Assert.Equal("PendingCredentialsRejected", done.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("sk-good-s1", await SecretAsync(hub, "strict"));
    }

    [Fact]
    public async Task ARotationWhoseTestIsSkipPromotesWithoutTrying()
    {
        var hub = await Api.CreateHubAsync();
        await ConnectionAsync(hub, "untested", "sk-good-u1", "PT0S", "skip", unreachable);

        var done = await RotateAsync(hub, "untested", "anything-goes");

        Assert.Equal("Completed", done.GetProperty("status").GetString());
        Assert.Equal("anything-goes", await SecretAsync(hub, "untested"));
    }

    [Fact]
    public async Task AnUnknownTestModeIsRefused()
    {
        var hub = await Api.CreateHubAsync();
        var response = await Api.PostJsonAsync($"/api/hubs/{hub}/connections", new
        {
            alias = "odd", provider = "OpenAI", target, authType = "ApiKey", credentials = new { key = "sk-good" }, rotation = new { test = "sometimes" },
        });

        var problem = await ProblemDetailsTests.AssertProblem(response, HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("rotation.test", out _));
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
        // The target takes seconds to accept this one: the rotation is still testing when the second request comes.
        var first = await Api.PostJsonAsync($"/api/hubs/{hub}/connections/busy/rotate", new { credentials = new { key = "sk-good-slow-b" } });
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
