using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Registry;

/// <summary>
/// Arbitrary bodies and query strings, thousands of them: every answer is a success or a 4xx problem with a
/// documented code, never a 5xx.
/// </summary>
public class RequestPropertyTests(IsolatedStorage storage) : RegistryTestBase(storage)
{
    private static readonly string[] Fields =
        ["alias", "name", "provider", "target", "authType", "credentials", "settings", "isActive", "expiresAt", "rotation",
         "sharedWith", "metadata", "notifyBefore", "gracePeriod", "validityPeriod", "autoRotate", "key", "displayName", "encryption", "keySource"];

    private static readonly Gen<JsonNode?> Scalar = Gen.OneOf<JsonNode?>(
        Gen.String.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.OneOf("OpenAI", "CustomEndpoint", "ApiKey", "None", "https://api.openai.com/v1", "https://169.254.169.254/", "P30D", "P3650000D",
            "-P1D", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2027-01-01T00:00:00Z", "$References:X:Y", "all", "").Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Long.Select(n => (JsonNode?)JsonValue.Create(n)),
        Gen.Double.Select(d => double.IsFinite(d) ? (JsonNode?)JsonValue.Create(d) : null),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Const((JsonNode?)null));

    private static Gen<JsonNode?> Node(int depth) => depth == 0 ? Scalar : Gen.OneOf<JsonNode?>(
        Scalar,
        Gen.Dictionary(Gen.OneOf<string>(Gen.OneOf(Fields), Gen.String), Node(depth - 1))[0, 6].Select(d =>
        {
            var o = new JsonObject();
            foreach (var (k, v) in d)
            {
                o[k] = v;
            }
            return (JsonNode?)o;
        }),
        Node(depth - 1).Array[0, 4].Select(a => (JsonNode?)new JsonArray(a)));

    private static readonly Gen<string> Body = Gen.OneOf<string>(
        Node(3).Select(n => n?.ToJsonString() ?? "null"),
        Gen.String);

    private static readonly Gen<string> Query = Gen.Select(
        Gen.OneOf("top", "continuationToken", "provider", "status", "credentialStatus", "expiringWithin", "from", "to", "alias", "action", "version", "force", "showHistory"),
        Gen.OneOf<string>(Gen.String, Gen.OneOf("-1", "0", "1001", "P1D", "P3650000D", "0001-01-01", "9999-12-31T23:59:59Z", "true", "previous", "%00", "' or 1 eq 1"))
        , (k, v) => $"{k}={Uri.EscapeDataString(v)}");

    [Fact]
    public async Task ArbitraryBodiesNeverAnswer5xx()
    {
        var hub = await Api.CreateHubAsync();
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("existing"));
        var targets = new (HttpMethod Method, string Path, string ContentType)[]
        {
            (HttpMethod.Post, $"/api/hubs/{hub}/connections", "application/json"),
            (HttpMethod.Patch, $"/api/hubs/{hub}/connections/existing", "application/merge-patch+json"),
            (HttpMethod.Put, $"/api/hubs/{hub}", "application/json"),
            (HttpMethod.Put, $"/api/hubs/{hub}/projects/p1", "application/json"),
            (HttpMethod.Post, $"/api/hubs/{hub}/connections/existing/rotate", "application/json"),
        };

        await Gen.Select(Gen.Int[0, targets.Length - 1], Body).SampleAsync(async sample =>
        {
            var (method, path, contentType) = targets[sample.Item1];
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent(sample.Item2, Encoding.UTF8, contentType) };
            using var response = await Api.Http.SendAsync(request);
            await AssertNot5xx(response, $"{method} {path}");
        }, iter: 600, threads: 4);
    }

    [Fact]
    public async Task ArbitraryQueryStringsNeverAnswer5xx()
    {
        var hub = await Api.CreateHubAsync();
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("existing"));
        var paths = new[] { $"/api/hubs/{hub}/connections", $"/api/hubs/{hub}/audit", $"/api/hubs/{hub}/projects", "/api/hubs", $"/api/hubs/{hub}/connections/existing" };

        await Gen.Select(Gen.Int[0, paths.Length - 1], Query.Array[1, 4]).SampleAsync(async sample =>
        {
            var path = paths[sample.Item1] + "?" + string.Join('&', sample.Item2);
            using var response = await Api.Http.GetAsync(path);
            await AssertNot5xx(response, "GET " + path);
        }, iter: 600, threads: 4);
    }

    private static async Task AssertNot5xx(HttpResponseMessage response, string what)
    {
        var status = (int)response.StatusCode;
        Assert.True(status < 500, $"{what}: {status} {await response.Content.ReadAsStringAsync()}");
        if (status >= 400 && response.StatusCode != HttpStatusCode.TooManyRequests)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
