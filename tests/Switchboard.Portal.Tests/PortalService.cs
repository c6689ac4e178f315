using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.Testing;

namespace Switchboard.Portal.Tests;

/// <summary>
/// The published service as a real process on a free port, with its own tables in the shared Azurite and
/// the Key Vault emulator for secrets (and a task hub of its own, named from the prefix); the portal is whatever
/// its wwwroot holds.
/// </summary>
public sealed class PortalService : IAsyncDisposable
{
    private readonly IsolatedStorage storage = new();
    private readonly ChildProcess process;

    public int Port { get; } = FreePort.Next();
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");
    public HttpClient Api { get; }

    private PortalService(IReadOnlyDictionary<string, string?> settings)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}",
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["Switchboard__Storage__Prefix"] = storage.Prefix,
        };
        foreach (var (key, value) in TestVaults.ServiceSettings())
        {
            environment[key.Replace(":", "__")] = value;
        }
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }
        process = ServiceProcess.Start(environment);
        Api = new HttpClient { BaseAddress = BaseAddress };
    }

    /// <summary>Starts the service and waits until it answers its health check.</summary>
    public static async Task<PortalService> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var service = new PortalService(settings);
        try
        {
            await Eventually.TrueAsync(async () => service.process.HasExited || await service.IsHealthyAsync(),
                TimeSpan.FromSeconds(90), "the service to answer /api/health");
            if (service.process.HasExited)
            {
                throw new InvalidOperationException("The service stopped:\n" + service.process.Output);
            }
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
        return service;
    }

    public string Output => process.Output;

    private async Task<bool> IsHealthyAsync()
    {
        try
        {
            using var response = await Api.GetAsync("/api/health");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await process.DisposeAsync();
        await storage.DisposeAsync();
    }
}

/// <summary>Setting up what a test needs through the API, as another user or script would.</summary>
public static class ApiSetup
{
    public static async Task<string> NewHubAsync(this HttpClient api, params string[] projects)
    {
        var hub = "hub-" + Guid.NewGuid().ToString("N")[..10];
        await SendAsync(api, HttpMethod.Put, $"/api/hubs/{hub}", new { displayName = "Portal test hub" });
        foreach (var project in projects)
        {
            await SendAsync(api, HttpMethod.Put, $"/api/hubs/{hub}/projects/{project}", new { displayName = project });
        }
        return hub;
    }

    public static Task<JsonElement> CreateOpenAIConnectionAsync(this HttpClient api, string hub, string alias, string key = "sk-test-value",
        string? name = null) =>
        SendAsync(api, HttpMethod.Post, $"/api/hubs/{hub}/connections", new
        {
            alias,
            name = name ?? alias,
            provider = "OpenAI",
            target = "https://api.openai.com/v1",
            authType = "ApiKey",
            credentials = new { key },
            settings = new { organization = "org-123" },
        });

    public static async Task<JsonElement> SendAsync(this HttpClient api, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await api.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<HttpStatusCode> StatusOfAsync(this HttpClient api, string path)
    {
        using var response = await api.GetAsync(path);
        return response.StatusCode;
    }
}
