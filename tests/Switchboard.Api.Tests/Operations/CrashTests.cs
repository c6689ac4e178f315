using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Switchboard.Api.Tests.Hosting;
using Switchboard.Testing;
using Xunit.Abstractions;

namespace Switchboard.Api.Tests.Operations;

/// <summary>
/// Rotations survive real crashes (SIGKILL) and real scale-out: the published service as separate processes on
/// the same Azurite and emulator.
/// </summary>
public sealed class CrashTests(IsolatedStorage storage, ITestOutputHelper output) : IClassFixture<IsolatedStorage>, IAsyncLifetime
{
    /// <summary>
    /// The connections' target: it accepts any key after a second, so that every rotation's test is still under
    /// way when the service is killed.
    /// </summary>
    private WebApplication slowTarget = null!;
    private string target = "";

    async Task IAsyncLifetime.InitializeAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        slowTarget = builder.Build();
        slowTarget.MapGet("/v1/models", async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            return Results.Ok();
        });
        await slowTarget.StartAsync();
        target = $"http://127.0.0.1:{port}/v1";
    }

    async Task IAsyncLifetime.DisposeAsync() => await slowTarget.DisposeAsync();

    private sealed class Service(ChildProcess process, HttpClient http) : IAsyncDisposable
    {
        public HttpClient Http { get; } = http;
        public ChildProcess Process { get; } = process;

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Process.DisposeAsync();
        }
    }

    /// <summary>Settings a test adds to every process it starts.</summary>
    private readonly Dictionary<string, string?> extraSettings = [];

    private async Task<Service> StartAsync()
    {
        var port = FreePort.Next();
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["Switchboard__Storage__Prefix"] = storage.Prefix,
            ["Switchboard__Auth__AllowAnonymous"] = "true",
            ["Switchboard__Connections__AllowHttpTargets"] = "true",
            ["Switchboard__Connections__AllowLoopbackTargets"] = "true",
            // Short leases and visibility, so work held by a killed process is picked up again within seconds.
            ["Switchboard__Durable__LeaseInterval"] = "00:00:05",
            ["Switchboard__Durable__MessageVisibilityTimeout"] = "00:00:10",
            ["Switchboard__Durable__MaxPollingInterval"] = "00:00:00.250",
        }.WithEmulator();
        foreach (var (key, value) in extraSettings)
        {
            settings[key] = value;
        }
        var process = ServiceProcess.Start(settings);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Eventually.TrueAsync(async () => (await http.GetAsync("/api/health")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the service to start");
        return new Service(process, http);
    }

    private async Task<string> CreateConnectionsAsync(HttpClient http, int count)
    {
        var hub = "crash-" + Guid.NewGuid().ToString("N")[..8];
        (await http.PutAsJsonAsync($"/api/hubs/{hub}", new { })).EnsureSuccessStatusCode();
        for (var i = 0; i < count; i++)
        {
            var created = await http.PostAsJsonAsync($"/api/hubs/{hub}/connections", new
            {
                alias = $"c{i:D3}", provider = "OpenAI", target, authType = "ApiKey", credentials = new { key = $"old-{i}" },
                rotation = new { gracePeriod = "PT0S" },
            });
            created.EnsureSuccessStatusCode();
        }
        return hub;
    }

    private static async Task<List<string>> RotateAllAsync(HttpClient http, string hub, int count, string canary)
    {
        var locations = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var accepted = await http.PostAsJsonAsync($"/api/hubs/{hub}/connections/c{i:D3}/rotate",
                new { credentials = new { key = $"{canary}-{i}" } });
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            locations.Add(accepted.Headers.Location!.AbsolutePath);
        }
        return locations;
    }

    private static async Task<int> FinishedAsync(HttpClient http, IEnumerable<string> locations)
    {
        var finished = 0;
        foreach (var location in locations)
        {
            if ((await http.GetAsync(location)).StatusCode == HttpStatusCode.OK)
            {
                finished++;
            }
        }
        return finished;
    }

    private async Task AssertRotatedAsync(HttpClient http, string hub, int count, string canary, IEnumerable<string> locations)
    {
        foreach (var location in locations)
        {
            var op = await http.GetFromJsonAsync<JsonElement>(location);
            Assert.Equal("Completed", op.GetProperty("status").GetString());
        }
        for (var i = 0; i < count; i++)
        {
            var secrets = await http.PostAsync($"/api/hubs/{hub}/connections/c{i:D3}/listSecrets", null);
            Assert.Equal(HttpStatusCode.OK, secrets.StatusCode);
            var body = await secrets.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal($"{canary}-{i}", body.GetProperty("credentials").GetProperty("key").GetString());
        }
        var table = storage.Tables.GetTableClient(storage.Prefix + "Connections");
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {hub} and RowKey ge {"c|"} and RowKey lt {"c}"}")))
        {
            Assert.True(string.IsNullOrEmpty(row.GetString("PendingVersion")), $"{row.RowKey} has a pending version left");
        }
        var everything = await storage.DumpAsync();
        Assert.DoesNotContain(canary, everything);
        Assert.DoesNotContain("old-", everything);
    }

    [Fact]
    public async Task RotationsFinishAfterTheServiceIsKilledTwice()
    {
        const int count = 50;
        var canary = "sk-crash-" + Guid.NewGuid().ToString("N");
        var service = await StartAsync();
        var hub = await CreateConnectionsAsync(service.Http, count);
        var locations = await RotateAllAsync(service.Http, hub, count, canary);

        for (var kill = 0; kill < 2; kill++)
        {
            var before = await FinishedAsync(service.Http, locations);
            await service.Process.KillAsync();
            await service.DisposeAsync();
            var restarted = System.Diagnostics.Stopwatch.StartNew();
            service = await StartAsync();
            // The work a killed process held resumes within a minute (leases and message visibility are short).
            var http = service.Http;
            await Eventually.TrueAsync(async () => await FinishedAsync(http, locations) is var now && (now > before || now == count),
                TimeSpan.FromSeconds(60), "rotations to finish again after the restart");
            output.WriteLine($"kill {kill + 1}: {before} of {count} finished before; the next finished {restarted.Elapsed.TotalSeconds:F1} s after the restart began");
        }
        await Eventually.TrueAsync(async () => await FinishedAsync(service.Http, locations) == count, TimeSpan.FromMinutes(3), "every rotation to finish");

        await AssertRotatedAsync(service.Http, hub, count, canary, locations);
        await service.DisposeAsync();
    }

    [Fact]
    public async Task AKeyVaultMigrationFinishesAfterTheServiceIsKilledTwice()
    {
        const int count = 200;
        var vault = await TestVaults.CreateVaultAsync();
        extraSettings["Switchboard__KeyVault__AllowedHostSuffixes__2"] = "localhost:" + vault.Uri.Port;
        var service = await StartAsync();
        var hub = await CreateConnectionsAsync(service.Http, count);
        // Slow writes to the target, so that both kills land while connections are being copied.
        await TestVaults.SetFaultsAsync(vault.Name, new { delayMs = 500 });
        var accepted = await service.Http.PostAsJsonAsync($"/api/hubs/{hub}/keyvault/migrate", new { to = vault.Uri.ToString() });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!.AbsolutePath;

        for (var kill = 0; kill < 2; kill++)
        {
            var http = service.Http;
            var step = await Eventually.ResultAsync(async () => await http.GetFromJsonAsync<JsonElement>(location),
                op => op.GetProperty("progress").GetProperty("step").GetString() is "Copy credentials" or "Switch vault" or "Delete source secrets",
                TimeSpan.FromSeconds(60), "the migration to copy");
            await Task.Delay(TimeSpan.FromSeconds(2));
            await service.Process.KillAsync();
            await service.DisposeAsync();
            var restarted = System.Diagnostics.Stopwatch.StartNew();
            service = await StartAsync();
            output.WriteLine($"kill {kill + 1} at step '{step.GetProperty("progress").GetProperty("step").GetString()}'; restarted in {restarted.Elapsed.TotalSeconds:F1} s");
        }
        var done = await Eventually.ResultAsync(async () => await service.Http.GetFromJsonAsync<JsonElement>(location),
            op => op.GetProperty("status").GetString() is not ("Running" or "Pending"), TimeSpan.FromMinutes(4), "the migration to finish");
        await TestVaults.SetFaultsAsync(vault.Name, new { delayMs = 0 });

        Assert.True("Completed" == done.GetProperty("status").GetString(), done.ToString());
        // Each secret exactly once in the target, with one version per version copied; every row names one of them.
        var target = JsonDocument.Parse(await TestVaults.DumpAsync(vault.Name)).RootElement;
        var copies = SecretVersionsOfHub(target, hub);
        Assert.Equal(count, copies.Count);
        Assert.All(copies, c => Assert.Equal(1, c.Value));
        for (var i = 0; i < count; i++)
        {
            var secrets = await service.Http.PostAsync($"/api/hubs/{hub}/connections/c{i:D3}/listSecrets", null);
            Assert.Equal(HttpStatusCode.OK, secrets.StatusCode);
            Assert.Equal($"old-{i}", (await secrets.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("credentials").GetProperty("key").GetString());
        }
        var source = JsonDocument.Parse(await TestVaults.DumpAsync("main")).RootElement;
        Assert.All(source.GetProperty("secrets").EnumerateArray().Where(s => s.GetProperty("name").GetString()!.StartsWith($"sb-{hub}-")),
            s => Assert.True(s.TryGetProperty("deletion", out _), $"{s.GetProperty("name")} is still live in the source"));
        Assert.DoesNotContain("old-", await storage.DumpAsync());
        await service.DisposeAsync();
    }

    [Fact]
    public async Task TwoInstancesShareTheWorkAndEachRotationWritesOneVersion()
    {
        const int count = 100;
        var canary = "sk-scale-" + Guid.NewGuid().ToString("N");
        await using var first = await StartAsync();
        await using var second = await StartAsync();
        var hub = await CreateConnectionsAsync(first.Http, count);
        var half = count / 2;
        var locations = (await RotateAllAsync(first.Http, hub, half, canary)).ToList();
        for (var i = half; i < count; i++)
        {
            var accepted = await second.Http.PostAsJsonAsync($"/api/hubs/{hub}/connections/c{i:D3}/rotate",
                new { credentials = new { key = $"{canary}-{i}" } });
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            locations.Add(accepted.Headers.Location!.AbsolutePath);
        }

        await Eventually.TrueAsync(async () => await FinishedAsync(second.Http, locations) == count, TimeSpan.FromMinutes(3), "every rotation to finish");

        await AssertRotatedAsync(first.Http, hub, count, canary, locations);
        var dump = JsonDocument.Parse(await TestVaults.DumpAsync("main")).RootElement;
        var versions = SecretVersionsOfHub(dump, hub);
        Assert.Equal(count, versions.Count);
        Assert.All(versions, v => Assert.Equal(2, v.Value));
    }

    /// <summary>Secret name -> number of versions, for the secrets tagged with the hub.</summary>
    private static Dictionary<string, int> SecretVersionsOfHub(JsonElement dump, string hub)
    {
        var result = new Dictionary<string, int>();
        foreach (var secret in dump.GetProperty("secrets").EnumerateArray())
        {
            var versions = secret.GetProperty("versions").EnumerateArray().ToList();
            if (versions.Any(v => v.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Object
                && tags.TryGetProperty("switchboard-hub", out var h) && h.GetString() == hub))
            {
                result[secret.GetProperty("name").GetString()!] = versions.Count;
            }
        }
        return result;
    }
}
