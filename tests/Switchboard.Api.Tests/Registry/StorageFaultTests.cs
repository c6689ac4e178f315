using System.Collections.Concurrent;
using System.Net;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Registry;

/// <summary>Storage that goes away in the middle of a burst of writes, and comes back.</summary>
public sealed class StorageFaultTests : IAsyncLifetime
{
    private readonly AzuriteProcess azurite = new();
    private SwitchboardApplication app = null!;
    private ApiClient api = null!;

    public async Task InitializeAsync()
    {
        await azurite.StartAsync();
        var vault = await TestVaults.CreateVaultAsync();
        app = new SwitchboardApplication(azurite.ConnectionString, "sf" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var (key, value) in TestVaults.ServiceSettings(vault.Uri))
        {
            app.With(key, value);
        }
        api = new ApiClient(app);
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await azurite.DisposeAsync();
    }

    [Fact]
    public async Task StorageStoppedMidBurstAnswersOnlySuccessOr503AndLeavesNoConnectionWithoutItsSecret()
    {
        var hub = await api.CreateHubAsync();
        await api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("steady"));
        var canaries = Enumerable.Range(0, 16).ToDictionary(i => $"c{i:D2}", _ => "sk-fault-" + Guid.NewGuid().ToString("N"));
        var answers = new ConcurrentBag<(string What, HttpResponseMessage Response)>();
        var done = 0;
        var queue = new ConcurrentQueue<string>(canaries.Keys);

        var workers = Enumerable.Range(0, 4).Select(async worker =>
        {
            while (queue.TryDequeue(out var alias))
            {
                answers.Add(("create " + alias, await api.PostJsonAsync($"/api/hubs/{hub}/connections", ApiClient.OpenAI(alias, canaries[alias]))));
                answers.Add(("patch steady", await api.PatchJsonAsync($"/api/hubs/{hub}/connections/steady", new { name = "Steady " + alias })));
                Interlocked.Increment(ref done);
            }
        }).ToList();
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref done) >= 3), TimeSpan.FromSeconds(60), "the burst to get going");
        await azurite.StopAsync();
        await Task.WhenAll(workers);
        await azurite.StartAsync();

        foreach (var (what, response) in answers)
        {
            var status = (int)response.StatusCode;
            Assert.True(status is 200 or 201 or 503, $"{what}: {status} {await response.Content.ReadAsStringAsync()}");
            if (status == 503)
            {
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }
        Assert.Contains(answers, a => a.Response.StatusCode == HttpStatusCode.ServiceUnavailable);

        // Back by itself: the same app, no restart.
        await Eventually.TrueAsync(async () => (await api.Http.GetAsync("/api/health")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "health to recover");
        foreach (var (alias, canary) in canaries)
        {
            // A create that answered 201 is there; one that answered 503 is there whole or not at all.
            var created = answers.Single(a => a.What == "create " + alias).Response.StatusCode == HttpStatusCode.Created;
            var found = await api.Http.GetAsync($"/api/hubs/{hub}/connections/{alias}");
            Assert.True(found.StatusCode == HttpStatusCode.OK || (!created && found.StatusCode == HttpStatusCode.NotFound), $"{alias}: {found.StatusCode}");
            if (found.StatusCode == HttpStatusCode.OK)
            {
                var secrets = await ApiClient.Expect(await api.PostJsonAsync($"/api/hubs/{hub}/connections/{alias}/listSecrets"), HttpStatusCode.OK);
                Assert.Equal(canary, secrets.GetProperty("credentials").GetProperty("key").GetString());
            }
        }
        var later = await api.CreateHubAsync();
        await api.CreateConnectionAsync($"/api/hubs/{later}", ApiClient.OpenAI("after", "sk-after-0000"));
        var after = await ApiClient.Expect(await api.PostJsonAsync($"/api/hubs/{later}/connections/after/listSecrets"), HttpStatusCode.OK);
        Assert.Equal("sk-after-0000", after.GetProperty("credentials").GetProperty("key").GetString());
    }
}
