using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using Switchboard.Api.Tests.Hosting;
using Switchboard.Api.Tests.Registry;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Access;

public class AuthenticationTests(IsolatedStorage storage) : IClassFixture<IsolatedStorage>, IAsyncLifetime
{
    private const string AdminKey = "admin-key-for-authentication-tests";
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private TestAuthority authority = null!;
    private SwitchboardApplication app = null!;
    private ApiClient api = null!;

    public async Task InitializeAsync()
    {
        authority = await TestAuthority.StartAsync();
        app = new SwitchboardApplication(storage)
            .With("Switchboard:Auth:AllowAnonymous", "false")
            .With("SWITCHBOARD_ADMIN_KEY", AdminKey)
            .WithClock(clock);
        authority.Configure(app);
        api = new ApiClient(app);
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await authority.DisposeAsync();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key = null, string? token = null, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("x-api-key", key);
        }
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await api.Http.SendAsync(request);
    }

    private async Task<string> CreateHubAsync()
    {
        var hub = "hub-" + Guid.NewGuid().ToString("N")[..8];
        await ApiClient.Expect(await SendAsync(HttpMethod.Put, $"/api/hubs/{hub}", AdminKey, body: new { }), HttpStatusCode.Created);
        return hub;
    }

    private async Task<JsonElement> CreateKeyAsync(string hub, string role, DateTimeOffset? expiresAt = null) =>
        await ApiClient.Expect(await SendAsync(HttpMethod.Post, $"/api/hubs/{hub}/apiKeys", AdminKey, body: new { role, expiresAt }), HttpStatusCode.Created);

    [Fact]
    public async Task AMissingHeaderIs401ProblemJsonOnEveryRouteButHealth()
    {
        var hub = await CreateHubAsync();

        await ProblemDetailsTests.AssertProblem(await SendAsync(HttpMethod.Get, $"/api/hubs/{hub}"), HttpStatusCode.Unauthorized, "Unauthorized");
        await ProblemDetailsTests.AssertProblem(await SendAsync(HttpMethod.Get, "/api/providers"), HttpStatusCode.Unauthorized, "Unauthorized");
        await ProblemDetailsTests.AssertProblem(await SendAsync(HttpMethod.Get, "/api/openapi/v3.json"), HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/health")).StatusCode);
    }

    [Fact]
    public async Task AnUnknownKeyIs401()
    {
        var hub = await CreateHubAsync();
        await ProblemDetailsTests.AssertProblem(await SendAsync(HttpMethod.Get, $"/api/hubs/{hub}", "sbk_0123456789abcdef_" + new string('0', 64)), HttpStatusCode.Unauthorized, "Unauthorized");
        await ProblemDetailsTests.AssertProblem(await SendAsync(HttpMethod.Get, $"/api/hubs/{hub}", "garbage"), HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public async Task ARevokedKeyIs401AtOnce()
    {
        var hub = await CreateHubAsync();
        var created = await CreateKeyAsync(hub, "Reader");
        var key = created.GetProperty("key").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/api/hubs/{hub}", key)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, $"/api/hubs/{hub}/apiKeys/{created.GetProperty("id").GetString()}", AdminKey)).StatusCode);

        await ProblemDetailsTests.AssertProblem(await SendAsync(HttpMethod.Get, $"/api/hubs/{hub}", key), HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public async Task AnExpiredKeyIs401()
    {
        var hub = await CreateHubAsync();
        var key = (await CreateKeyAsync(hub, "Reader", clock.GetUtcNow().AddHours(1))).GetProperty("key").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/api/hubs/{hub}", key)).StatusCode);

        clock.Advance(TimeSpan.FromHours(2));

        await ProblemDetailsTests.AssertProblem(await SendAsync(HttpMethod.Get, $"/api/hubs/{hub}", key), HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public async Task AKeyForHubAIsRefusedOnHubB()
    {
        var hubA = await CreateHubAsync();
        var hubB = await CreateHubAsync();
        var key = (await CreateKeyAsync(hubA, "Owner")).GetProperty("key").GetString()!;

        await ProblemDetailsTests.AssertProblem(await SendAsync(HttpMethod.Get, $"/api/hubs/{hubB}/connections", key), HttpStatusCode.Forbidden, "Forbidden");
        var hubs = await ApiClient.Expect(await SendAsync(HttpMethod.Get, "/api/hubs", key), HttpStatusCode.OK);
        Assert.Equal([hubA], hubs.GetProperty("value").EnumerateArray().Select(h => h.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task OnlyAnAdministratorCreatesHubs()
    {
        var hub = await CreateHubAsync();
        var owner = (await CreateKeyAsync(hub, "Owner")).GetProperty("key").GetString()!;

        await ProblemDetailsTests.AssertProblem(await SendAsync(HttpMethod.Put, "/api/hubs/new-hub-by-owner", owner, body: new { }), HttpStatusCode.Forbidden, "Forbidden");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Put, $"/api/hubs/{hub}", owner, body: new { displayName = "mine" })).StatusCode);
        var admin = authority.Token(Guid.NewGuid().ToString(), roles: ["Administrator"]);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Put, $"/api/hubs/tok-{Guid.NewGuid():N}"[..20], token: admin, body: new { })).StatusCode);
    }

    [Fact]
    public async Task ATokenGetsTheRolesAssignedToItsPrincipal()
    {
        var hub = await CreateHubAsync();
        var objectId = Guid.NewGuid().ToString();
        var token = authority.Token(objectId);
        await ProblemDetailsTests.AssertProblem(await SendAsync(HttpMethod.Get, $"/api/hubs/{hub}/connections", token: token), HttpStatusCode.Forbidden, "Forbidden");

        await ApiClient.Expect(await SendAsync(HttpMethod.Put, $"/api/hubs/{hub}/roleAssignments/reader-1", AdminKey, body: new { principalId = objectId, role = "Contributor" }), HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/api/hubs/{hub}/connections", token: token)).StatusCode);
        await ApiClient.Expect(await SendAsync(HttpMethod.Post, $"/api/hubs/{hub}/connections", token: token, body: ApiClient.OpenAI("by-token")), HttpStatusCode.Created);
        var audit = await ApiClient.Expect(await SendAsync(HttpMethod.Get, $"/api/hubs/{hub}/audit?action=connection.created", AdminKey), HttpStatusCode.OK);
        Assert.Equal("user:" + objectId, audit.GetProperty("value")[0].GetProperty("actor").GetString());
        var list = await ApiClient.Expect(await SendAsync(HttpMethod.Get, $"/api/hubs/{hub}/roleAssignments", AdminKey), HttpStatusCode.OK);
        Assert.Equal(objectId, Assert.Single(list.GetProperty("value").EnumerateArray()).GetProperty("principalId").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, $"/api/hubs/{hub}/roleAssignments/reader-1", AdminKey)).StatusCode);
        await ProblemDetailsTests.AssertProblem(await SendAsync(HttpMethod.Get, $"/api/hubs/{hub}/connections", token: token), HttpStatusCode.Forbidden, "Forbidden");
    }

    [Fact]
    public async Task ATokenForAnotherAudienceIs401() =>
        await ProblemDetailsTests.AssertProblem(await SendAsync(HttpMethod.Get, "/api/providers", token: authority.Token("u1", audience: "api://someone-else")), HttpStatusCode.Unauthorized, "Unauthorized");

    [Fact]
    public async Task ATokenFromAnotherIssuerIs401() =>
        await ProblemDetailsTests.AssertProblem(await SendAsync(HttpMethod.Get, "/api/providers", token: authority.Token("u1", issuer: "https://login.microsoftonline.com/evil/v2.0")), HttpStatusCode.Unauthorized, "Unauthorized");

    [Fact]
    public async Task AnExpiredTokenIs401() =>
        await ProblemDetailsTests.AssertProblem(await SendAsync(HttpMethod.Get, "/api/providers", token: authority.Token("u1", expiresIn: TimeSpan.FromHours(-2))), HttpStatusCode.Unauthorized, "Unauthorized");

    [Fact]
    public async Task ATokenSignedWithAnotherKeyIs401() =>
        await ProblemDetailsTests.AssertProblem(await SendAsync(HttpMethod.Get, "/api/providers", token: authority.Token("u1", signingKey: new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test-key-1" })), HttpStatusCode.Unauthorized, "Unauthorized");

    [Fact]
    public async Task AValidTokenIsAccepted() =>
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/providers", token: authority.Token("u1"))).StatusCode);

    [Fact]
    public async Task AKeyAppearsOnlyInItsCreationResponse()
    {
        var hub = await CreateHubAsync();
        var created = await CreateKeyAsync(hub, "Owner");
        var key = created.GetProperty("key").GetString()!;
        var responsesBefore = api.Responses.Count;

        await SendAsync(HttpMethod.Get, $"/api/hubs/{hub}/apiKeys", key);
        await SendAsync(HttpMethod.Post, $"/api/hubs/{hub}/connections", key, body: ApiClient.OpenAI("k"));
        await SendAsync(HttpMethod.Get, $"/api/hubs/{hub}/audit", key);
        await SendAsync(HttpMethod.Get, $"/api/hubs/{hub}/connections/missing", key);
        await SendAsync(HttpMethod.Get, $"/api/hubs/{hub}", key + "x");

        Assert.All(api.Responses.Skip(responsesBefore), r => Assert.DoesNotContain(key, r));
        Assert.DoesNotContain(key, app.Logs.All);
        Assert.DoesNotContain(key[^64..], app.Logs.All);
        var audit = await ApiClient.Expect(await SendAsync(HttpMethod.Get, $"/api/hubs/{hub}/audit?action=connection.created", key), HttpStatusCode.OK);
        Assert.Equal("key:" + created.GetProperty("id").GetString(), audit.GetProperty("value")[0].GetProperty("actor").GetString());
    }

    [Fact]
    public async Task AProjectOwnerMayNotMintAHubWideKey()
    {
        var hub = await CreateHubAsync();
        await ApiClient.Expect(await SendAsync(HttpMethod.Put, $"/api/hubs/{hub}/projects/proj-own", AdminKey, body: new { }), HttpStatusCode.Created);
        var projectOwner = (await ApiClient.Expect(await SendAsync(HttpMethod.Post, $"/api/hubs/{hub}/apiKeys", AdminKey, body: new { role = "Owner", project = "proj-own" }), HttpStatusCode.Created)).GetProperty("key").GetString()!;

        var hubWide = await SendAsync(HttpMethod.Post, $"/api/hubs/{hub}/apiKeys", projectOwner, body: new { role = "Reader" });
        var ownProject = await SendAsync(HttpMethod.Post, $"/api/hubs/{hub}/apiKeys", projectOwner, body: new { role = "Reader", project = "proj-own" });

        await ProblemDetailsTests.AssertProblem(hubWide, HttpStatusCode.Forbidden, "Forbidden");
        Assert.Equal(HttpStatusCode.Created, ownProject.StatusCode);
    }

    [Fact]
    public async Task KeyRequestsAreValidated()
    {
        var hub = await CreateHubAsync();
        await ProblemDetailsTests.AssertProblem(await SendAsync(HttpMethod.Post, $"/api/hubs/{hub}/apiKeys", AdminKey, body: new { role = "Emperor" }), HttpStatusCode.BadRequest, "ValidationFailed");
        await ProblemDetailsTests.AssertProblem(await SendAsync(HttpMethod.Post, $"/api/hubs/{hub}/apiKeys", AdminKey, body: new { }), HttpStatusCode.BadRequest, "ValidationFailed");
        await ProblemDetailsTests.AssertProblem(await SendAsync(HttpMethod.Post, $"/api/hubs/{hub}/apiKeys", AdminKey, body: new { role = "Reader", expiresAt = clock.GetUtcNow().AddDays(-1) }), HttpStatusCode.BadRequest, "ValidationFailed");
        await ProblemDetailsTests.AssertProblem(await SendAsync(HttpMethod.Post, $"/api/hubs/{hub}/apiKeys", AdminKey, body: new { role = "Reader", project = "no-such-project" }), HttpStatusCode.NotFound, "NotFound");
    }
}
