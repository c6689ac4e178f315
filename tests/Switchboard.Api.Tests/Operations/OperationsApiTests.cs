using System.Net;
using Switchboard.Api.Tests.Hosting;
using Switchboard.Api.Tests.Registry;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Operations;

public sealed class OperationsApiTests(IsolatedStorage storage) : RegistryTestBase(storage), IDisposable
{
    /// <summary>A target that takes connections and never answers: the rotation's test of it runs until the probe times out.</summary>
    private readonly System.Net.Sockets.TcpListener silent = StartSilent();

    private static System.Net.Sockets.TcpListener StartSilent()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    public void Dispose() => silent.Stop();

    private async Task<HttpResponseMessage> LongRotationAsync()
    {
        var hub = await Api.CreateHubAsync();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", new
        {
            alias = "long", provider = "OpenAI", target = $"http://127.0.0.1:{port}/v1", authType = "ApiKey", credentials = new { key = "sk-1" },
        });
        return await Api.PostJsonAsync($"/api/hubs/{hub}/connections/long/rotate", new { credentials = new { key = "sk-2" } });
    }

    [Fact]
    public async Task AnUnknownOperationIs404() =>
        await ProblemDetailsTests.AssertProblem(await Api.Http.GetAsync("/api/operations/nothing-like-this"), HttpStatusCode.NotFound, "NotFound");

    [Fact]
    public async Task ARunningOperationAnswers202WithLocationAndRetryAfterAndCanBeTerminated()
    {
        var accepted = await LongRotationAsync();
        var location = accepted.Headers.Location!.ToString();
        var waiting = await Operation.AtStepAsync(Api, location, "Test pending version");

        var polled = await Api.Http.GetAsync(location);
        Assert.Equal(HttpStatusCode.Accepted, polled.StatusCode);
        Assert.Equal(location, polled.Headers.Location!.ToString());
        Assert.Equal(TimeSpan.FromSeconds(2), polled.Headers.RetryAfter!.Delta);
        await ProblemDetailsTests.AssertProblem(await Api.Http.DeleteAsync(location), HttpStatusCode.Conflict, "OperationInProgress");

        var terminated = await Api.Http.PostAsync(location + "/terminate", null);
        Assert.Equal(HttpStatusCode.Accepted, terminated.StatusCode);
        var done = await Operation.FinishedAsync(Api, location);

        Assert.Equal("Running", waiting.GetProperty("status").GetString());
        Assert.Equal("Terminated", done.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await Api.Http.DeleteAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync(location)).StatusCode);
    }

    [Fact]
    public async Task HistoryIsShownOnlyWhenAskedFor()
    {
        var accepted = await LongRotationAsync();
        var location = accepted.Headers.Location!.ToString();
        await Operation.AtStepAsync(Api, location, "Test pending version");

        var plain = await Api.GetJsonAsync(location);
        var detailed = await Api.GetJsonAsync(location + "?showHistory=true");

        Assert.Equal(System.Text.Json.JsonValueKind.Null, plain.GetProperty("history").ValueKind);
        Assert.Contains(detailed.GetProperty("history").EnumerateArray(), e => e.GetProperty("type").GetString() == "Started");
        await Api.Http.PostAsync(location + "/terminate", null);
    }
}
