using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Switchboard.Api.Tests.Hosting;
using Switchboard.Api.Tests.Registry;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Expiry;

/// <summary>Webhook subscribers get signed CloudEvents; a failing one is retried, then marked failed.</summary>
public class WebhookTests(IsolatedStorage storage) : RegistryTestBase(storage), IAsyncLifetime
{
    private const string Secret = "whsec-0123456789abcdef";
    private readonly ConcurrentQueue<(string Body, string Signature, string Timestamp, string ContentType)> received = new();
    private int failures;
    private WebApplication receiver = null!;
    private string url = "";

    protected override void Configure(SwitchboardApplication app) => app.With("Switchboard:Notifications:MaxAttempts", "3");

    async Task IAsyncLifetime.InitializeAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpRequest r) =>
        {
            received.Enqueue((await new StreamReader(r.Body).ReadToEndAsync(), r.Headers["x-switchboard-signature"].ToString(),
                r.Headers["x-switchboard-timestamp"].ToString(), r.ContentType ?? ""));
            return Results.Ok();
        });
        receiver.MapPost("/broken", () => { Interlocked.Increment(ref failures); return Results.StatusCode(500); });
        await receiver.StartAsync();
        url = $"http://127.0.0.1:{port}";
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task ASubscriberReceivesASignedCloudEvent()
    {
        var hub = await Api.CreateHubAsync();
        var subscribed = await Api.PutJsonAsync($"/api/hubs/{hub}/subscriptions/ops", new { url = url + "/hook", eventTypes = new[] { "switchboard.connection.disabled" }, secret = Secret });
        var body = await ApiClient.Expect(subscribed, HttpStatusCode.Created);
        Assert.DoesNotContain(Secret, body.GetRawText());
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("watched"));

        await ApiClient.Expect(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/watched/disable"), HttpStatusCode.OK);

        await Eventually.TrueAsync(() => Task.FromResult(!received.IsEmpty), TimeSpan.FromSeconds(30), "the webhook delivery");
        var (json, signature, timestamp, contentType) = received.First();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{timestamp}.{json}")));
        Assert.Equal(expected, signature);
        Assert.StartsWith("application/cloudevents+json", contentType);
        var cloudEvent = JsonDocument.Parse(json).RootElement;
        Assert.Equal("1.0", cloudEvent.GetProperty("specversion").GetString());
        Assert.Equal("switchboard.connection.disabled", cloudEvent.GetProperty("type").GetString());
        Assert.Equal("watched", cloudEvent.GetProperty("data").GetProperty("alias").GetString());
        var subscription = await Eventually.ResultAsync(() => Api.GetJsonAsync($"/api/hubs/{hub}/subscriptions/ops"),
            s => s.GetProperty("lastDelivery").ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(30), "the delivery to be recorded");
        Assert.True(subscription.GetProperty("lastDelivery").GetProperty("succeeded").GetBoolean());
    }

    [Fact]
    public async Task AFailingSubscriberIsRetriedThenMarkedFailedWithoutAffectingTheApi()
    {
        var hub = await Api.CreateHubAsync();
        await ApiClient.Expect(await Api.PutJsonAsync($"/api/hubs/{hub}/subscriptions/broken", new { url = url + "/broken", eventTypes = new[] { "switchboard.connection.deleted" }, secret = Secret }), HttpStatusCode.Created);
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("doomed"));

        Assert.Equal(HttpStatusCode.NoContent, (await Api.Http.DeleteAsync($"/api/hubs/{hub}/connections/doomed")).StatusCode);

        var subscription = await Eventually.ResultAsync(() => Api.GetJsonAsync($"/api/hubs/{hub}/subscriptions/broken"),
            s => s.GetProperty("lastDelivery").ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(60), "the failure to be recorded");
        Assert.False(subscription.GetProperty("lastDelivery").GetProperty("succeeded").GetBoolean());
        Assert.Equal(3, Volatile.Read(ref failures));
    }

    [Fact]
    public async Task SubscriptionsAreValidated()
    {
        var hub = await Api.CreateHubAsync();
        await ProblemDetailsTests.AssertProblem(await Api.PutJsonAsync($"/api/hubs/{hub}/subscriptions/x1", new { url = "ftp://x", eventTypes = new[] { "switchboard.connection.deleted" }, secret = Secret }), HttpStatusCode.BadRequest, "ValidationFailed");
        await ProblemDetailsTests.AssertProblem(await Api.PutJsonAsync($"/api/hubs/{hub}/subscriptions/x1", new { url = url + "/hook", eventTypes = new[] { "switchboard.anything" }, secret = Secret }), HttpStatusCode.BadRequest, "ValidationFailed");
        await ProblemDetailsTests.AssertProblem(await Api.PutJsonAsync($"/api/hubs/{hub}/subscriptions/x1", new { url = url + "/hook", eventTypes = new[] { "switchboard.connection.deleted" }, secret = "short" }), HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/hubs/{hub}/subscriptions/x1")).StatusCode);
    }
}
