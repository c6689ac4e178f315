using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.Api.Tests.Registry;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Access;

/// <summary>
/// Every route group x role x scope: a key at the hub, at the project the route names, at another project, or
/// no credentials at all. Expected answers are written out, not derived from the code under test.
/// </summary>
public class AccessMatrixTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    // Tokens: role initial (R, C, O, S) + scope (H = hub key, P = key of the route's project, X = key of another project).
    public static TheoryData<string, string, string> Routes => new()
    {
        { "GET hub", "GET /api/hubs/{hub}", "RH CH OH RP CP OP RX CX OX" },
        { "update hub", "PUT /api/hubs/{hub}", "OH" },
        { "GET project", "GET /api/hubs/{hub}/projects/{p1}", "RH CH OH RP CP OP" },
        { "list projects", "GET /api/hubs/{hub}/projects", "RH CH OH RP CP OP RX CX OX" },
        { "update project", "PUT /api/hubs/{hub}/projects/{p1}", "OH OP" },
        { "list hub connections", "GET /api/hubs/{hub}/connections", "RH CH OH" },
        { "create hub connection", "POST /api/hubs/{hub}/connections", "CH OH" },
        { "list project connections", "GET /api/hubs/{hub}/projects/{p1}/connections", "RH CH OH RP CP OP" },
        { "read shared hub connection", "GET /api/hubs/{hub}/projects/{p1}/connections/hubconn", "RH CH OH RP CP OP" },
        { "create project connection", "POST /api/hubs/{hub}/projects/{p1}/connections", "CH OH CP OP" },
        { "update project connection", "PATCH /api/hubs/{hub}/projects/{p1}/connections/p1conn", "CH OH CP OP" },
        { "disable project connection", "POST /api/hubs/{hub}/projects/{p1}/connections/p1conn/disable", "CH OH CP OP" },
        { "test project connection", "POST /api/hubs/{hub}/projects/{p1}/connections/p1conn/test", "CH OH CP OP" },
        { "delete project connection", "DELETE /api/hubs/{hub}/projects/{p1}/connections/nothing-here", "OH OP" },
        { "list secrets", "POST /api/hubs/{hub}/projects/{p1}/connections/p1conn/listSecrets", "OH SH OP SP" },
        { "list secrets of shared hub connection", "POST /api/hubs/{hub}/projects/{p1}/connections/hubconn/listSecrets", "OH SH OP SP" },
        { "list dependents", "GET /api/hubs/{hub}/projects/{p1}/connections/p1conn/dependents", "RH CH OH RP CP OP" },
        { "audit", "GET /api/hubs/{hub}/audit", "RH CH OH" },
        { "list api keys", "GET /api/hubs/{hub}/apiKeys", "OH OP OX" },
        { "list role assignments", "GET /api/hubs/{hub}/roleAssignments", "OH OP OX" },
    };

    private static readonly string[] Roles = ["Reader", "Contributor", "Owner", "SecretsReader"];
    private static readonly string[] Scopes = ["H", "P", "X"];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EachRoleAndScopeIsAllowedOrDeniedAsWritten(string name, string route, string allowed)
    {
        var allowedSet = allowed.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var failures = new List<string>();
        foreach (var role in Roles)
        {
            foreach (var scope in Scopes)
            {
                var token = $"{role[0]}{scope}";
                var response = await fixture.SendAsync(route, fixture.Keys[(role, scope)]);
                var status = (int)response.StatusCode;
                var expectAllowed = allowedSet.Contains(token);
                if (expectAllowed && status is 401 or 403)
                {
                    failures.Add($"{token}: expected allowed, got {status} {await response.Content.ReadAsStringAsync()}");
                }
                if (!expectAllowed && status != 403)
                {
                    failures.Add($"{token}: expected 403, got {status}");
                }
            }
        }
        var anonymous = await fixture.SendAsync(route, key: null);
        if (anonymous.StatusCode != HttpStatusCode.Unauthorized)
        {
            failures.Add($"no credentials: expected 401, got {(int)anonymous.StatusCode}");
        }
        Assert.True(failures.Count == 0, $"{name}:\n" + string.Join('\n', failures));
    }
}

/// <summary>A hub with two projects, a shared hub connection, a project connection, and a key per role and scope.</summary>
public sealed class AccessFixture : IAsyncLifetime
{
    public const string AdminKey = "admin-test-key-0123456789";
    private readonly IsolatedStorage storage = new();
    private SwitchboardApplication app = null!;
    private HttpClient http = null!;

    public string Hub { get; } = "hub-" + Guid.NewGuid().ToString("N")[..8];
    public Dictionary<(string Role, string Scope), string> Keys { get; } = [];

    public async Task InitializeAsync()
    {
        app = new SwitchboardApplication(storage)
            .With("Switchboard:Auth:AllowAnonymous", "false")
            .With("SWITCHBOARD_ADMIN_KEY", AdminKey);
        http = app.CreateClient();
        await AsAdmin(HttpMethod.Put, $"/api/hubs/{Hub}", new { });
        await AsAdmin(HttpMethod.Put, $"/api/hubs/{Hub}/projects/proj-one", new { });
        await AsAdmin(HttpMethod.Put, $"/api/hubs/{Hub}/projects/proj-two", new { });
        await AsAdmin(HttpMethod.Post, $"/api/hubs/{Hub}/connections", ApiClient.OpenAI("hubconn"));
        await AsAdmin(HttpMethod.Post, $"/api/hubs/{Hub}/projects/proj-one/connections", ApiClient.OpenAI("p1conn"));
        foreach (var role in new[] { "Reader", "Contributor", "Owner", "SecretsReader" })
        {
            foreach (var (scope, project) in new[] { ("H", (string?)null), ("P", "proj-one"), ("X", "proj-two") })
            {
                var created = await AsAdmin(HttpMethod.Post, $"/api/hubs/{Hub}/apiKeys", new { role, project, name = $"{role}-{scope}" });
                Keys[(role, scope)] = created.GetProperty("key").GetString()!;
            }
        }
    }

    public async Task<HttpResponseMessage> SendAsync(string route, string? key)
    {
        var parts = route.Split(' ', 2);
        var path = parts[1].Replace("{hub}", Hub).Replace("{p1}", "proj-one");
        using var request = new HttpRequestMessage(new HttpMethod(parts[0]), path);
        if (parts[0] is "PUT" or "POST" or "PATCH")
        {
            var body = path.EndsWith("/connections", StringComparison.Ordinal)
                ? ApiClient.OpenAI("m" + Guid.NewGuid().ToString("N")[..10])
                : (object)new { };
            request.Content = parts[0] == "PATCH"
                ? new StringContent("{\"name\":\"renamed\"}", System.Text.Encoding.UTF8, "application/merge-patch+json")
                : path.EndsWith("/disable") || path.EndsWith("/test") || path.EndsWith("/listSecrets") ? null : JsonContent.Create(body);
        }
        if (key is not null)
        {
            request.Headers.Add("x-api-key", key);
        }
        return await http.SendAsync(request);
    }

    private async Task<JsonElement> AsAdmin(HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("x-api-key", AdminKey);
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await storage.DisposeAsync();
    }
}
