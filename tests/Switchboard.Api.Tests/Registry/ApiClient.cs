using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Switchboard.Api.Tests.Registry;

/// <summary>
/// An HttpClient for the API that remembers every response body (for canary checks) and knows the common
/// steps: a hub, a project, a connection.
/// </summary>
public sealed class ApiClient
{
    public ApiClient(SwitchboardApplication app) => Http = app.CreateDefaultClient(new Recorder(Responses));

    public HttpClient Http { get; }
    public ConcurrentQueue<string> Responses { get; } = new();

    public Task<HttpResponseMessage> PutJsonAsync(string path, object body) => Http.PutAsJsonAsync(path, body);
    public Task<HttpResponseMessage> PostJsonAsync(string path, object? body = null) =>
        body is null ? Http.PostAsync(path, null) : Http.PostAsJsonAsync(path, body);

    public async Task<HttpResponseMessage> PatchJsonAsync(string path, object body, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/merge-patch+json"),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return await Http.SendAsync(request);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await Http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<string> CreateHubAsync(string? name = null)
    {
        name ??= "hub-" + Guid.NewGuid().ToString("N")[..10];
        await Expect(await PutJsonAsync($"/api/hubs/{name}", new { displayName = "Hub " + name }), HttpStatusCode.Created);
        return name;
    }

    public async Task<string> CreateProjectAsync(string hub, string? name = null)
    {
        name ??= "proj-" + Guid.NewGuid().ToString("N")[..8];
        await Expect(await PutJsonAsync($"/api/hubs/{hub}/projects/{name}", new { displayName = "Project " + name }), HttpStatusCode.Created);
        return name;
    }

    public static object OpenAI(string alias, string key = "sk-test-0000", object? extra = null) => new
    {
        alias,
        name = "OpenAI " + alias,
        provider = "OpenAI",
        target = "https://api.openai.com/v1",
        authType = "ApiKey",
        credentials = new { key },
        settings = new { organization = "org-123" },
    };

    public async Task<JsonElement> CreateConnectionAsync(string scopePath, object body)
    {
        var response = await PostJsonAsync($"{scopePath}/connections", body);
        return await Expect(response, HttpStatusCode.Created);
    }

    public static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private sealed class Recorder(ConcurrentQueue<string> responses) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            responses.Enqueue($"{request.Method} {request.RequestUri} -> {(int)response.StatusCode} {response.Headers} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            return response;
        }
    }
}
