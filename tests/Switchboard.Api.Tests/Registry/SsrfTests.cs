using System.Net;
using System.Net.Sockets;
using System.Text;
using Switchboard.Core.Connections;
using Switchboard.Api.Connections;
using Switchboard.Api.Tests.Hosting;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Registry;

/// <summary>Credentials are never sent to the service's own host or its platform, whatever a target says.</summary>
public class SsrfTests(IsolatedStorage storage) : RegistryTestBase(storage)
{
    protected override void Configure(SwitchboardApplication app) => app.With("Switchboard:Connections:AllowLoopbackTargets", "false");

    [Theory]
    [InlineData("https://169.254.169.254/")]
    [InlineData("https://localhost:7071/")]
    [InlineData("https://127.0.0.1:10002/")]
    [InlineData("https://[::1]/")]
    [InlineData("https://0.0.0.0/")]
    [InlineData("https://224.0.0.1/")]
    [InlineData("https://[fe80::1]/")]
    [InlineData("https://[::ffff:127.0.0.1]/")]
    [InlineData("https://10.1.2.3/")]
    [InlineData("https://192.168.0.10/")]
    public async Task ForbiddenAddressesAreRefusedAsTargets(string target)
    {
        var hub = await Api.CreateHubAsync();

        var response = await Api.PostJsonAsync($"/api/hubs/{hub}/connections",
            new { alias = "inside", provider = "CustomEndpoint", target, authType = "ApiKey", credentials = new { key = "sk-ssrf-canary" } });

        var problem = await ProblemDetailsTests.AssertProblem(response, HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("target", out _), problem.GetRawText());
    }

    [Fact]
    public async Task WebhooksToForbiddenAddressesAreRefused()
    {
        var hub = await Api.CreateHubAsync();

        var response = await Api.PutJsonAsync($"/api/hubs/{hub}/subscriptions/inside",
            new { url = "https://169.254.169.254/latest/meta-data", eventTypes = new[] { "switchboard.connection.rotated" }, secret = "0123456789abcdef0123" });

        await ProblemDetailsTests.AssertProblem(response, HttpStatusCode.BadRequest, "ValidationFailed");
    }

    [Fact]
    public async Task TheAddressConnectedToIsCheckedAfterResolvingTheName()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var served = ServeOnceAsync(listener);

        // "localhost" is a name: only resolving it shows it is loopback.
        using var refusing = new HttpClient(GuardedConnections.Handler(new NetworkRules()));
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => refusing.GetAsync($"http://localhost:{port}/"));
        Assert.Contains("Refused to connect", refused.Message);

        using var allowing = new HttpClient(GuardedConnections.Handler(new NetworkRules(AllowLoopback: true)));
        Assert.Equal(HttpStatusCode.NoContent, (await allowing.GetAsync($"http://localhost:{port}/")).StatusCode);
        await served;
    }

    private static async Task ServeOnceAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var buffer = new byte[4096];
        _ = await stream.ReadAsync(buffer);
        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"));
    }
}
