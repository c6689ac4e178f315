using System.Net;
using System.Text;
using Switchboard.Api.Tests.Hosting;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Registry;

/// <summary>Whatever a client sends, the answer is a 4xx problem, never a 5xx.</summary>
public class MalformedInputTests(IsolatedStorage storage) : RegistryTestBase(storage)
{
    private async Task<HttpResponseMessage> PostRaw(string path, string body, string contentType = "application/json") =>
        await Api.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));

    [Theory]
    [InlineData("{\"alias\": ")]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("[1, 2, 3]")]
    [InlineData("42")]
    public async Task BadJsonIs400ValidationFailed(string body)
    {
        var hub = await Api.CreateHubAsync();
        await ProblemDetailsTests.AssertProblem(await PostRaw($"/api/hubs/{hub}/connections", body), HttpStatusCode.BadRequest, "ValidationFailed");
    }

    [Theory]
    [InlineData("{\"alias\": 42, \"provider\": \"OpenAI\"}", "alias")]
    [InlineData("{\"alias\": \"x\", \"credentials\": {\"key\": 7}}", "credentials.key")]
    [InlineData("{\"alias\": \"x\", \"isActive\": \"yes\"}", "isActive")]
    [InlineData("{\"alias\": \"x\", \"expiresAt\": \"next tuesday\"}", "expiresAt")]
    [InlineData("{\"alias\": \"x\", \"credentials\": \"sk-should-not-echo\"}", "credentials")]
    public async Task WrongTypesNameTheField(string body, string field)
    {
        var hub = await Api.CreateHubAsync();

        var response = await PostRaw($"/api/hubs/{hub}/connections", body);

        var problem = await ProblemDetailsTests.AssertProblem(response, HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        Assert.DoesNotContain("sk-should-not-echo", problem.GetRawText());
    }

    [Fact]
    public async Task UnknownFieldsAreRefused()
    {
        var hub = await Api.CreateHubAsync();

        var response = await PostRaw($"/api/hubs/{hub}/connections", "{\"alias\": \"x\", \"provider\": \"OpenAI\", \"colour\": \"blue\"}");

        var problem = await ProblemDetailsTests.AssertProblem(response, HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("colour", out _), problem.GetRawText());
    }

    [Fact]
    public async Task OversizedBodiesAre413()
    {
        var hub = await Api.CreateHubAsync();
        var body = "{\"alias\": \"x\", \"name\": \"" + new string('a', 300 * 1024) + "\"}";

        await ProblemDetailsTests.AssertProblem(await PostRaw($"/api/hubs/{hub}/connections", body), HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
    }

    [Fact]
    public async Task AWrongContentTypeIs415()
    {
        var hub = await Api.CreateHubAsync();

        var response = await PostRaw($"/api/hubs/{hub}/connections", "alias=x", "application/x-www-form-urlencoded");

        await ProblemDetailsTests.AssertProblem(response, HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType");
    }

    [Theory]
    [InlineData("-starts-with-hyphen")]
    [InlineData("has space")]
    [InlineData("dots.are.not.allowed")]
    [InlineData("waaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaay-too-long")]
    public async Task BadAliasesAreRefused(string alias)
    {
        var hub = await Api.CreateHubAsync();

        var response = await Api.PostJsonAsync($"/api/hubs/{hub}/connections", ApiClient.OpenAI(alias));

        var problem = await ProblemDetailsTests.AssertProblem(response, HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("alias", out _));
    }

    [Theory]
    [InlineData("ftp://example.com/")]
    [InlineData("not a url")]
    [InlineData("https://user:pass@example.com/")]
    public async Task BadTargetsAreRefused(string target)
    {
        var hub = await Api.CreateHubAsync();
        var response = await Api.PostJsonAsync($"/api/hubs/{hub}/connections",
            new { alias = "t", provider = "OpenAI", target, authType = "ApiKey", credentials = new { key = "k" } });

        var problem = await ProblemDetailsTests.AssertProblem(response, HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.DoesNotContain("pass", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("?top=0")]
    [InlineData("?top=1001")]
    [InlineData("?top=abc")]
    [InlineData("?status=Sleeping")]
    [InlineData("?credentialStatus=Fine")]
    [InlineData("?expiringWithin=thirty-days")]
    public async Task BadListParametersAre400(string query)
    {
        var hub = await Api.CreateHubAsync();
        await ProblemDetailsTests.AssertProblem(await Api.Http.GetAsync($"/api/hubs/{hub}/connections{query}"), HttpStatusCode.BadRequest, "ValidationFailed");
    }

    [Fact]
    public async Task ABadRotationDurationIsRefused()
    {
        var hub = await Api.CreateHubAsync();
        var response = await Api.PostJsonAsync($"/api/hubs/{hub}/connections", new
        {
            alias = "rot", provider = "OpenAI", target = "https://api.openai.com/v1", authType = "ApiKey", credentials = new { key = "k" },
            rotation = new { notifyBefore = "thirty days" },
        });

        var problem = await ProblemDetailsTests.AssertProblem(response, HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("rotation.notifyBefore", out _));
    }

    [Fact]
    public async Task SharedWithOnAProjectConnectionIsRefused()
    {
        var hub = await Api.CreateHubAsync();
        var project = await Api.CreateProjectAsync(hub);
        var response = await Api.PostJsonAsync($"/api/hubs/{hub}/projects/{project}/connections", new
        {
            alias = "p", provider = "OpenAI", target = "https://api.openai.com/v1", authType = "ApiKey", credentials = new { key = "k" }, sharedWith = new[] { project },
        });

        await ProblemDetailsTests.AssertProblem(response, HttpStatusCode.BadRequest, "ValidationFailed");
    }

    [Fact]
    public async Task AnUnknownVersionForListSecretsIsRefused()
    {
        var hub = await Api.CreateHubAsync();
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("v"));

        await ProblemDetailsTests.AssertProblem(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/v/listSecrets?version=oldest"), HttpStatusCode.BadRequest, "ValidationFailed");
        await ProblemDetailsTests.AssertProblem(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/v/listSecrets?version=previous"), HttpStatusCode.NotFound, "NotFound");
    }
}
