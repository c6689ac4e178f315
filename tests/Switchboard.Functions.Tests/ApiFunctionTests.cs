using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Functions.Http;

namespace Switchboard.Functions.Tests;

/// <summary>
/// The HTTP function answers real requests through the shared API pipeline, as the worker hands them over: a
/// context whose endpoint and route values are the catch-all function's.
/// </summary>
public class ApiFunctionTests(WorkerServices worker) : IClassFixture<WorkerServices>
{
    private async Task<(int Status, string ContentType, JsonElement Body)> SendAsync(string method, string path, string? json = null, bool authenticated = true)
    {
        await using var scope = worker.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("switchboard.example");
        context.Request.Path = path;
        if (authenticated)
        {
            context.Request.Headers["x-api-key"] = WorkerServices.AdminKey;
        }
        if (json is not null)
        {
            context.Request.ContentType = "application/json";
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        }
        // What the worker's own routing leaves on the request it hands to the function.
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, null, ApiFunction.Name));
        context.Request.RouteValues["path"] = path.TrimStart('/');
        var body = new MemoryStream();
        context.Response.Body = body;

        await new ApiFunction(worker.Services.GetRequiredService<ApiPipeline>()).RunAsync(context.Request, client: null!);

        var text = Encoding.UTF8.GetString(body.ToArray());
        return (context.Response.StatusCode, context.Response.ContentType ?? "", text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task AnAuthenticatedRequestIsAnsweredByTheApi()
    {
        var hub = "fx-" + Guid.NewGuid().ToString("N")[..8];

        var created = await SendAsync("PUT", $"/api/hubs/{hub}", "{}");
        var read = await SendAsync("GET", $"/api/hubs/{hub}");

        Assert.Equal(201, created.Status);
        Assert.Equal(200, read.Status);
        Assert.Equal(hub, read.Body.GetProperty("name").GetString());
    }

    [Fact]
    public async Task AnUnauthenticatedRequestIsAProblem()
    {
        var (status, contentType, body) = await SendAsync("GET", "/api/hubs", authenticated: false);

        Assert.Equal(401, status);
        Assert.StartsWith("application/problem+json", contentType);
        Assert.Equal("Unauthorized", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnUnknownHubIsANotFoundProblem()
    {
        var (status, contentType, body) = await SendAsync("GET", "/api/hubs/no-such-hub-here");

        Assert.Equal(404, status);
        Assert.StartsWith("application/problem+json", contentType);
        Assert.Equal("NotFound", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task HealthAnswersWithoutAuthentication() =>
        Assert.Equal(200, (await SendAsync("GET", "/api/health", authenticated: false)).Status);
}
