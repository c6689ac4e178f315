using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Hosting;

public class ProblemDetailsTests(IsolatedStorage storage) : IClassFixture<IsolatedStorage>
{
    [Fact]
    public async Task UnknownRouteAnswers404ProblemJson()
    {
        await using var app = new SwitchboardApplication(storage);
        var response = await app.CreateClient().GetAsync("/api/no-such-thing");

        await AssertProblem(response, HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task WrongMethodAnswers405ProblemJson()
    {
        await using var app = new SwitchboardApplication(storage);
        var response = await app.CreateClient().PostAsync("/api/health", null);

        await AssertProblem(response, HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
    }

    [Fact]
    public async Task EveryResponseCarriesACorrelationIdAndKeepsTheCallersOne()
    {
        await using var app = new SwitchboardApplication(storage);
        var client = app.CreateClient();

        var generated = await client.GetAsync("/api/no-such-thing");
        Assert.False(string.IsNullOrEmpty(generated.Headers.GetValues("x-correlation-id").Single()));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/no-such-thing");
        request.Headers.Add("x-correlation-id", "run-42.step:7");
        var echoed = await client.SendAsync(request);
        Assert.Equal("run-42.step:7", echoed.Headers.GetValues("x-correlation-id").Single());
    }

    [Fact]
    public async Task ACorrelationIdThatCouldInjectIntoLogsIsReplaced()
    {
        await using var app = new SwitchboardApplication(storage);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/no-such-thing");
        request.Headers.TryAddWithoutValidation("x-correlation-id", "a\" b{c}");

        var response = await app.CreateClient().SendAsync(request);

        Assert.NotEqual("a\" b{c}", response.Headers.GetValues("x-correlation-id").Single());
    }

    internal static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }
}
