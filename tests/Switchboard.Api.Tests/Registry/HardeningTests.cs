using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.Api.Tests.Hosting;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Registry;

/// <summary>Defects a black-box run found: client input that answered 500, races that answered 409 or 412,
/// actions that ignored If-Match, and continuation tokens that were taken on trust.</summary>
public class HardeningTests(IsolatedStorage storage) : RegistryTestBase(storage)
{
    [Theory]
    [InlineData("{\"expiresAt\": \"0001-01-01T00:00:00Z\", \"rotation\": {\"notifyBefore\": \"P30D\"}}", "expiresAt")]
    [InlineData("{\"expiresAt\": \"9999-12-31T23:59:59Z\", \"rotation\": {\"notifyBefore\": \"P30D\"}}", "expiresAt")]
    [InlineData("{\"rotation\": {\"validityPeriod\": \"P3650000D\"}}", "rotation.validityPeriod")]
    public async Task DatesAndDurationsOutOfRangeAre400NamingTheField(string extra, string field)
    {
        var hub = await Api.CreateHubAsync();
        var body = JsonSerializer.SerializeToNode(ApiClient.OpenAI("dates"))!.AsObject();
        foreach (var (key, value) in JsonDocument.Parse(extra).RootElement.EnumerateObject().Select(p => (p.Name, p.Value)))
        {
            body[key] = System.Text.Json.Nodes.JsonNode.Parse(value.GetRawText());
        }

        var created = await Api.PostJsonAsync($"/api/hubs/{hub}/connections", body);
        var problem = await ProblemDetailsTests.AssertProblem(created, HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());

        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("dates"));
        var patched = await Api.PatchJsonAsync($"/api/hubs/{hub}/connections/dates", JsonDocument.Parse(extra).RootElement);
        problem = await ProblemDetailsTests.AssertProblem(patched, HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task ConcurrentIdenticalPutsOfAHubCreateOnceAndUpdateTheRest()
    {
        var hub = "hub-" + Guid.NewGuid().ToString("N")[..10];

        var statuses = await Together(20, () => Api.PutJsonAsync($"/api/hubs/{hub}", new { displayName = "Racing" }));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(19, statuses.Count(s => s == HttpStatusCode.OK));
    }

    [Fact]
    public async Task ConcurrentIdenticalPutsOfAProjectCreateOnceAndUpdateTheRest()
    {
        var hub = await Api.CreateHubAsync();

        var statuses = await Together(20, () => Api.PutJsonAsync($"/api/hubs/{hub}/projects/racing", new { displayName = "Racing" }));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(19, statuses.Count(s => s == HttpStatusCode.OK));
    }

    [Fact]
    public async Task PutWithAStaleIfMatchStillFails412()
    {
        var hub = await Api.CreateHubAsync();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/hubs/{hub}") { Content = JsonContent.Create(new { displayName = "x" }) };
        request.Headers.TryAddWithoutValidation("If-Match", "W/\"datetime'2000-01-01T00%3A00%3A00.0000000Z'\"");

        await ProblemDetailsTests.AssertProblem(await Api.Http.SendAsync(request), HttpStatusCode.PreconditionFailed, "PreconditionFailed");
    }

    [Fact]
    public async Task ConcurrentDeletesWithoutIfMatchAllSucceedOrFindItGone()
    {
        var hub = await Api.CreateHubAsync();
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("doomed"));

        var statuses = await Together(10, () => Api.Http.DeleteAsync($"/api/hubs/{hub}/connections/doomed"));

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.NoContent or HttpStatusCode.NotFound, s.ToString()));
        Assert.Contains(HttpStatusCode.NoContent, statuses);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/hubs/{hub}/connections/doomed")).StatusCode);
    }

    [Fact]
    public async Task ConcurrentPatchesWithoutIfMatchAllApply()
    {
        var hub = await Api.CreateHubAsync();
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("busy"));
        var next = 0;

        var statuses = await Together(10, () =>
        {
            var i = Interlocked.Increment(ref next);
            return Api.PatchJsonAsync($"/api/hubs/{hub}/connections/busy", new { metadata = new Dictionary<string, string> { [$"k{i}"] = "v" } });
        });

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var stored = await Api.GetJsonAsync($"/api/hubs/{hub}/connections/busy");
        Assert.Equal(10, stored.GetProperty("metadata").EnumerateObject().Count());
    }

    [Fact]
    public async Task ConcurrentPatchesWithOneIfMatchLetExactlyOneThrough()
    {
        var hub = await Api.CreateHubAsync();
        var created = await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("contended"));
        var etag = created.GetProperty("etag").GetString()!;

        var statuses = await Together(10, () => Api.PatchJsonAsync($"/api/hubs/{hub}/connections/contended", new { name = "Mine" }, etag));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(9, statuses.Count(s => s == HttpStatusCode.PreconditionFailed));
    }

    [Theory]
    [InlineData("rotate")]
    [InlineData("test")]
    [InlineData("listSecrets")]
    [InlineData("disable")]
    public async Task EveryActionRefusesAStaleIfMatch(string action)
    {
        var hub = await Api.CreateHubAsync();
        var created = await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("guarded"));
        var staleETag = created.GetProperty("etag").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Api.PatchJsonAsync($"/api/hubs/{hub}/connections/guarded", new { name = "Renamed" })).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/hubs/{hub}/connections/guarded/{action}")
        {
            Content = JsonContent.Create(new { credentials = new { key = "sk-new-1111" } }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", staleETag);

        await ProblemDetailsTests.AssertProblem(await Api.Http.SendAsync(request), HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        var audit = await Api.GetJsonAsync($"/api/hubs/{hub}/audit");
        Assert.DoesNotContain(audit.GetProperty("value").EnumerateArray(), e => e.GetProperty("action").GetString() is "secrets.listed" or "rotation.started");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("%00%01")]
    [InlineData("1!2")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("' or 1 eq 1")]
    public async Task MalformedContinuationTokensAre400(string token)
    {
        var hub = await Api.CreateHubAsync();

        foreach (var list in new[] { $"/api/hubs/{hub}/connections", $"/api/hubs/{hub}/projects", $"/api/hubs/{hub}/audit", "/api/hubs" })
        {
            var response = await Api.Http.GetAsync($"{list}?continuationToken={token}");
            var problem = await ProblemDetailsTests.AssertProblem(response, HttpStatusCode.BadRequest, "ValidationFailed");
            Assert.True(problem.GetProperty("errors").TryGetProperty("continuationToken", out _), problem.GetRawText());
        }
    }

    [Fact]
    public async Task AContinuationTokenWorksOnlyOnTheListThatIssuedIt()
    {
        var hubA = await Api.CreateHubAsync();
        var hubB = await Api.CreateHubAsync();
        foreach (var hub in new[] { hubA, hubB })
        {
            await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI($"c{i}"))));
        }
        var page = await Api.GetJsonAsync($"/api/hubs/{hubA}/connections?top=2");
        var nextLink = new Uri(page.GetProperty("nextLink").GetString()!);
        var token = System.Web.HttpUtility.ParseQueryString(nextLink.Query)["continuationToken"]!;

        Assert.Equal(HttpStatusCode.OK, (await Api.Http.GetAsync(nextLink.PathAndQuery)).StatusCode);
        foreach (var elsewhere in new[] { $"/api/hubs/{hubB}/connections", $"/api/hubs/{hubA}/connections?provider=OpenAI", $"/api/hubs/{hubA}/audit" })
        {
            var separator = elsewhere.Contains('?') ? '&' : '?';
            var response = await Api.Http.GetAsync($"{elsewhere}{separator}continuationToken={Uri.EscapeDataString(token)}");
            await ProblemDetailsTests.AssertProblem(response, HttpStatusCode.BadRequest, "ValidationFailed");
        }
    }

    [Fact]
    public async Task ConcurrentCreatesWithOneIdempotencyKeyMakeOneConnection()
    {
        var hub = await Api.CreateHubAsync();
        var body = System.Text.Json.JsonSerializer.Serialize(ApiClient.OpenAI("keyed"), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));

        var statuses = await Together(10, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/hubs/{hub}/connections") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", "burst-" + hub);
            return Api.Http.SendAsync(request);
        });

        // The first creates; the others replay it (201) or meet it still running (409 OperationInProgress).
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.Conflict, s.ToString()));
        Assert.Contains(HttpStatusCode.Created, statuses);
        var list = await Api.GetJsonAsync($"/api/hubs/{hub}/connections");
        Assert.Single(list.GetProperty("value").EnumerateArray(), c => c.GetProperty("alias").GetString() == "keyed");
    }

    [Fact]
    public async Task ConcurrentCreatesOfOneAliasWithoutAKeyCreateOnceAndReportTheRestAsExisting()
    {
        var hub = await Api.CreateHubAsync();

        var statuses = await Together(10, () => Api.PostJsonAsync($"/api/hubs/{hub}/connections", ApiClient.OpenAI("same")));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(9, statuses.Count(s => s == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task ConcurrentRotationsOfOneConnectionStartOneAndRefuseTheRestWithItsOperation()
    {
        var hub = await Api.CreateHubAsync();
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", new
        {
            alias = "contested", provider = "OpenAI", target = "https://api.openai.com/v1", authType = "ApiKey", credentials = new { key = "sk-one" },
            rotation = new { test = "skip" },
        });

        var statuses = await Together(10, () => Api.PostJsonAsync($"/api/hubs/{hub}/connections/contested/rotate", new { credentials = new { key = "sk-two" } }));

        // One starts; the rest meet it running (409) or, once it has finished, start the next one (202).
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Accepted or HttpStatusCode.Conflict, s.ToString()));
        Assert.Contains(HttpStatusCode.Accepted, statuses);
        var id = (await Api.GetJsonAsync($"/api/hubs/{hub}/connections/contested")).GetProperty("id").GetString();
        await Eventually.TrueAsync(async () => (await Api.Http.GetAsync($"/api/operations/rotation-{id}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), "the rotation to finish");
        var connection = await Api.GetJsonAsync($"/api/hubs/{hub}/connections/contested");
        Assert.True(string.IsNullOrEmpty(connection.TryGetProperty("pendingVersion", out var p) ? p.GetString() : null));
        var secrets = await ApiClient.Expect(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/contested/listSecrets"), HttpStatusCode.OK);
        Assert.Equal("sk-two", secrets.GetProperty("credentials").GetProperty("key").GetString());
    }

    /// <summary>Sends <paramref name="count"/> requests released at the same moment; their statuses.</summary>
    private static async Task<HttpStatusCode[]> Together(int count, Func<Task<HttpResponseMessage>> send)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = Enumerable.Range(0, count).Select(async _ =>
        {
            await start.Task;
            using var response = await send();
            return response.StatusCode;
        }).ToList();
        start.SetResult();
        return await Task.WhenAll(requests);
    }
}
