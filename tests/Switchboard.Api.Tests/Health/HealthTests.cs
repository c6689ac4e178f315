using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Health;

public class HealthTests(IsolatedStorage storage) : IClassFixture<IsolatedStorage>
{
    [Fact]
    public async Task HealthAnswers200WithTableAndQueueStatus()
    {
        await using var app = new SwitchboardApplication(storage);
        var response = await app.CreateClient().GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("tables").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("queues").GetProperty("status").GetString());
    }

    [Fact]
    public async Task HealthAnswers503WhenStorageDoesNotAnswer()
    {
        var closedPort = FreePort.Next();
        var nowhere = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;" +
            $"QueueEndpoint=http://127.0.0.1:{closedPort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{closedPort}/devstoreaccount1;";
        await using var app = new SwitchboardApplication(nowhere, storage.Prefix);

        var response = await app.CreateClient().GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("tables").GetProperty("status").GetString());
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("queues").GetProperty("status").GetString());
    }

    [Fact]
    public async Task HealthFollowsAzuriteGoingDownAndComingBackWithoutARestart()
    {
        await using var azurite = new AzuriteProcess();
        await azurite.StartAsync();
        await using var app = new SwitchboardApplication(azurite.ConnectionString, storage.Prefix);
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);

        await azurite.StopAsync();
        await Eventually.TrueAsync(async () => (await client.GetAsync("/api/health")).StatusCode == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(10), "health to report 503 after Azurite stopped");

        await azurite.StartAsync();
        await Eventually.TrueAsync(async () => (await client.GetAsync("/api/health")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "health to report 200 after Azurite restarted");
    }
}
