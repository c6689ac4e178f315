using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Switchboard.Api.Tests.Hosting;
using Switchboard.Api.Tests.Registry;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Operations;

/// <summary>Moving a hub's credentials between the service's vault and vaults of its own, on vaults of the tests' own.</summary>
public class KeyVaultMigrationTests(IsolatedStorage storage) : RegistryTestBase(storage), IAsyncLifetime
{
    private EmulatorVault first = null!;
    private EmulatorVault second = null!;
    private WebApplication slowTarget = null!;
    private string slowTargetUri = "";

    protected override void Configure(SwitchboardApplication app) => app
        // The readers call listSecrets without pause, far beyond one caller's default rate.
        .With("Switchboard:RateLimit:RequestsPerMinute", "1000000")
        .With("Switchboard:KeyVault:AllowedHostSuffixes:2", "localhost:" + first.Uri.Port)
        .With("Switchboard:KeyVault:AllowedHostSuffixes:3", "localhost:" + second.Uri.Port);

    async Task IAsyncLifetime.InitializeAsync()
    {
        first = await TestVaults.CreateVaultAsync();
        second = await TestVaults.CreateVaultAsync();
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        slowTarget = builder.Build();
        slowTarget.MapGet("/v1/models", async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            return Results.Ok();
        });
        await slowTarget.StartAsync();
        slowTargetUri = $"http://127.0.0.1:{port}/v1";
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await slowTarget.DisposeAsync();
    }

    private Task<HttpResponseMessage> MigrateAsync(string hub, string to, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/hubs/{hub}/keyvault/migrate") { Content = JsonContent(new { to }) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return Api.Http.SendAsync(request);
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    /// <summary>One move of the workload's hub while a client reads without pause: no wrong answer, and the credentials where they belong.</summary>
    private async Task<JsonElement> MoveWhileReadingAsync(MigrationWorkload workload, string to)
    {
        using var stop = new CancellationTokenSource();
        var reader = workload.ReadUntilAsync(stop.Token);
        await Task.Delay(200);
        var done = await Operation.CompletionAsync(Api, await MigrateAsync(workload.Hub, to), TimeSpan.FromMinutes(3));
        await Task.Delay(200);
        await stop.CancelAsync();
        var wrong = await reader;

        Assert.True("Completed" == done.GetProperty("status").GetString(), done.ToString());
        Assert.Empty(wrong);
        Assert.Equal(workload.Connections.Count, done.GetProperty("output").GetProperty("connections").GetInt32());
        return done;
    }

    [Fact]
    public async Task AHubMovesToItsOwnVaultToAnotherAndBackWhileClientsKeepReading()
    {
        var workload = await MigrationWorkload.CreateAsync(Api, 200);

        await MoveWhileReadingAsync(workload, first.Uri.ToString());
        await workload.AssertOnlyInAsync(first.Name, "main");
        await workload.AssertSoftDeletedInAsync("main");
        var vault = await Api.GetJsonAsync($"/api/hubs/{workload.Hub}/keyvault");
        Assert.Equal(first.Uri.ToString(), vault.GetProperty("vaultUri").GetString());
        Assert.Equal("Active", vault.GetProperty("status").GetString());

        await MoveWhileReadingAsync(workload, second.Uri.ToString());
        await workload.AssertOnlyInAsync(second.Name, first.Name, "main");
        await workload.AssertSoftDeletedInAsync(first.Name);
        Assert.Equal(second.Uri.ToString(), (await Api.GetJsonAsync($"/api/hubs/{workload.Hub}/keyvault")).GetProperty("vaultUri").GetString());

        // Back to the service's vault, where the first move soft-deleted the same names: they are recovered and added to.
        await MoveWhileReadingAsync(workload, "managed");
        await workload.AssertOnlyInAsync("main", first.Name, second.Name);
        await workload.AssertSoftDeletedInAsync(second.Name);
        await workload.AssertNoDuplicateCopiesAsync("main");
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/hubs/{workload.Hub}/keyvault")).StatusCode);

        var audit = await Api.GetJsonAsync($"/api/hubs/{workload.Hub}/audit?action=keyvault.migrated");
        Assert.Equal(3, audit.GetProperty("value").GetArrayLength());
        // New credentials go to the hub's vault of the moment.
        var canary = "sk-after-" + Guid.NewGuid().ToString("N");
        await Api.CreateConnectionAsync($"/api/hubs/{workload.Hub}", ApiClient.OpenAI("after", canary));
        Assert.Contains(canary, await TestVaults.DumpAsync("main"));
    }

    [Fact]
    public async Task WritesThatCarryCredentialsWaitForTheMoveAndOtherWritesGoOn()
    {
        var hub = await Api.CreateHubAsync();
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("busy"));
        await TestVaults.SetAccessAsync(first.Name, new { forbiddenUntil = DateTimeOffset.UtcNow.AddSeconds(4) });
        var accepted = await MigrateAsync(hub, first.Uri.ToString());
        await Operation.AcceptedAsync(accepted);
        await Operation.AtStepAsync(Api, accepted.Headers.Location!.ToString(), "Verify target");

        var rotate = await Api.PostJsonAsync($"/api/hubs/{hub}/connections/busy/rotate", new { credentials = new { key = "sk-new" } });
        var patch = await Api.PatchJsonAsync($"/api/hubs/{hub}/connections/busy", new { credentials = new { key = "sk-new" } });
        var create = await Api.PostJsonAsync($"/api/hubs/{hub}/connections", ApiClient.OpenAI("new-one"));
        var again = await MigrateAsync(hub, second.Uri.ToString());
        var delete = await Api.Http.DeleteAsync($"/api/hubs/{hub}");

        foreach (var refused in new[] { rotate, patch, create })
        {
            var problem = await ProblemDetailsTests.AssertProblem(refused, HttpStatusCode.Conflict, "KeyVaultMigrationInProgress");
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Equal(accepted.Headers.Location, refused.Headers.Location);
        }
        await ProblemDetailsTests.AssertProblem(again, HttpStatusCode.Conflict, "OperationInProgress");
        await ProblemDetailsTests.AssertProblem(delete, HttpStatusCode.Conflict, "KeyVaultMigrationInProgress");
        await ApiClient.Expect(await Api.PatchJsonAsync($"/api/hubs/{hub}/connections/busy", new { name = "Renamed meanwhile" }), HttpStatusCode.OK);
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", new { alias = "no-secret", name = "x", provider = "CustomEndpoint", target = "https://example.com/", authType = "None" });

        var done = await Operation.FinishedAsync(Api, accepted.Headers.Location!.ToString());
        Assert.True("Completed" == done.GetProperty("status").GetString(), done.ToString());
        Assert.Equal(2, done.GetProperty("output").GetProperty("connections").GetInt32());
        Assert.Equal("Renamed meanwhile", (await Api.GetJsonAsync($"/api/hubs/{hub}/connections/busy")).GetProperty("name").GetString());
        await Operation.CompletionAsync(Api, await Api.PostJsonAsync($"/api/hubs/{hub}/connections/busy/rotate", new { credentials = new { key = "sk-after-move" } }));
        Assert.Contains("sk-after-move", await TestVaults.DumpAsync(first.Name));
    }

    [Fact]
    public async Task AMoveWaitsForARotationUnderWayAndTakesItsNewVersion()
    {
        var hub = await Api.CreateHubAsync();
        var body = new
        {
            alias = "rotating", name = "Rotating", provider = "OpenAI", target = slowTargetUri, authType = "ApiKey",
            credentials = new { key = "sk-before" },
        };
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", body);
        var rotation = await Api.PostJsonAsync($"/api/hubs/{hub}/connections/rotating/rotate", new { credentials = new { key = "sk-rotated" } });
        await Operation.AtStepAsync(Api, rotation.Headers.Location!.ToString(), "Test pending version");

        var done = await Operation.CompletionAsync(Api, await MigrateAsync(hub, first.Uri.ToString()));

        Assert.Equal("Completed", done.GetProperty("status").GetString());
        Assert.Equal("Completed", (await Operation.FinishedAsync(Api, rotation.Headers.Location!.ToString())).GetProperty("status").GetString());
        Assert.Contains(done.GetProperty("history").EnumerateArray(), e => e.GetProperty("type").GetString() == "TimerSet");
        var secrets = await ApiClient.Expect(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/rotating/listSecrets"), HttpStatusCode.OK);
        Assert.Equal("sk-rotated", secrets.GetProperty("credentials").GetProperty("key").GetString());
        var dump = await TestVaults.DumpAsync(first.Name);
        Assert.Contains("sk-rotated", dump);
        Assert.Contains("sk-before", dump);
    }

    [Fact]
    public async Task APreviousVersionInItsGracePeriodIsStillRetiredAfterTheMove()
    {
        var hub = await Api.CreateHubAsync();
        var body = new
        {
            alias = "graceful", name = "Graceful", provider = "OpenAI", target = "https://api.openai.com/v1", authType = "ApiKey",
            credentials = new { key = "sk-old" }, rotation = new { gracePeriod = "PT5S", test = "skip" },
        };
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", body);
        await Operation.CompletionAsync(Api, await Api.PostJsonAsync($"/api/hubs/{hub}/connections/graceful/rotate", new { credentials = new { key = "sk-new" } }));

        await Operation.CompletionAsync(Api, await MigrateAsync(hub, first.Uri.ToString()));
        var previous = await ApiClient.Expect(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/graceful/listSecrets?version=previous"), HttpStatusCode.OK);

        Assert.Equal("sk-old", previous.GetProperty("credentials").GetProperty("key").GetString());
        await Eventually.TrueAsync(async () => (await Api.PostJsonAsync($"/api/hubs/{hub}/connections/graceful/listSecrets?version=previous")).StatusCode == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(30), "the copied previous version to be retired");
        var dump = JsonDocument.Parse(await TestVaults.DumpAsync(first.Name)).RootElement;
        var versions = dump.GetProperty("secrets").EnumerateArray().Single(s => s.GetProperty("name").GetString()!.StartsWith($"sb-{hub}-")).GetProperty("versions");
        Assert.Contains(versions.EnumerateArray(), v => !v.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task BadRequestsGetClearProblems()
    {
        var hub = await Api.CreateHubAsync();
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("one"));

        await ProblemDetailsTests.AssertProblem(await MigrateAsync(hub, "managed"), HttpStatusCode.Conflict, "AlreadyExists");
        await ProblemDetailsTests.AssertProblem(await MigrateAsync(hub, TestVaults.MainVault.ToString()), HttpStatusCode.Conflict, "AlreadyExists");
        var badHost = await ProblemDetailsTests.AssertProblem(await MigrateAsync(hub, "https://evil.example.com/"), HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(badHost.GetProperty("errors").TryGetProperty("to", out _));
        await ProblemDetailsTests.AssertProblem(await MigrateAsync(hub, "not a uri"), HttpStatusCode.BadRequest, "ValidationFailed");
        await ProblemDetailsTests.AssertProblem(await Api.PostJsonAsync($"/api/hubs/{hub}/keyvault/migrate", new { }), HttpStatusCode.BadRequest, "ValidationFailed");
        await ProblemDetailsTests.AssertProblem(await MigrateAsync("no-such-hub", first.Uri.ToString()), HttpStatusCode.NotFound, "NotFound");
        await ProblemDetailsTests.AssertProblem(await MigrateAsync(hub, first.Uri.ToString(), ifMatch: "\"stale\""), HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        var first409 = await ProblemDetailsTests.AssertProblem(await Api.PutJsonAsync($"/api/hubs/{hub}/keyvault", new { vaultUri = first.Uri.ToString() }),
            HttpStatusCode.Conflict, "KeyVaultMustBeFirst");
        Assert.Contains($"/api/hubs/{hub}/keyvault/migrate", first409.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AnIdempotencyKeyStartsOneMoveAndReplaysItsAnswer()
    {
        var hub = await Api.CreateHubAsync();
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("once"));
        HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/hubs/{hub}/keyvault/migrate") { Content = JsonContent(new { to = first.Uri.ToString() }) };
            request.Headers.Add("Idempotency-Key", "move-" + hub);
            return request;
        }

        var accepted = await Api.Http.SendAsync(Request());
        await Operation.FinishedAsync(Api, accepted.Headers.Location!.ToString());
        var replayed = await Api.Http.SendAsync(Request());

        Assert.Equal(HttpStatusCode.Accepted, replayed.StatusCode);
        Assert.Equal(accepted.Headers.Location, replayed.Headers.Location);
        Assert.True(replayed.Headers.Contains("Idempotent-Replayed"));
        var audit = await Api.GetJsonAsync($"/api/hubs/{hub}/audit?action=keyvault.migrationStarted");
        Assert.Equal(1, audit.GetProperty("value").GetArrayLength());
    }
}
