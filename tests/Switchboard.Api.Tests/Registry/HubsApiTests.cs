using System.Net;
using System.Net.Http.Json;
using Switchboard.Api.Tests.Hosting;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Registry;

public class HubsApiTests(IsolatedStorage storage) : IClassFixture<IsolatedStorage>, IAsyncLifetime
{
    private SwitchboardApplication app = null!;
    private ApiClient api = null!;

    public Task InitializeAsync()
    {
        app = new SwitchboardApplication(storage);
        api = new ApiClient(app);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task PutCreatesAHubThenUpdatesIt()
    {
        var created = await api.PutJsonAsync("/api/hubs/contoso", new { displayName = "Contoso" });
        var body = await ApiClient.Expect(created, HttpStatusCode.Created);
        Assert.Equal("Contoso", body.GetProperty("displayName").GetString());
        Assert.Equal("Microsoft", body.GetProperty("encryption").GetProperty("keySource").GetString());
        Assert.Equal(created.Headers.ETag!.ToString(), body.GetProperty("etag").GetString());

        var updated = await ApiClient.Expect(await api.PutJsonAsync("/api/hubs/contoso", new { displayName = "Contoso AI" }), HttpStatusCode.OK);
        Assert.Equal("Contoso AI", updated.GetProperty("displayName").GetString());

        var list = await api.GetJsonAsync("/api/hubs");
        Assert.Contains(list.GetProperty("value").EnumerateArray(), h => h.GetProperty("name").GetString() == "contoso");
    }

    [Fact]
    public async Task SwitchingTheKeySourceIsRefused()
    {
        var hub = await api.CreateHubAsync();

        var response = await api.PutJsonAsync($"/api/hubs/{hub}", new { encryption = new { keySource = "CustomerManaged", keyVaultUri = "https://cmk.vault.azure.net/", keyName = "k1" } });

        await ProblemDetailsTests.AssertProblem(response, HttpStatusCode.Conflict, "EncryptionImmutable");
    }

    [Fact]
    public async Task ACustomerManagedKeyRotatesInItsVaultButCannotMoveToAnother()
    {
        var hub = "cmk-" + Guid.NewGuid().ToString("N")[..8];
        var encryption = new { keySource = "CustomerManaged", keyVaultUri = "https://cmk.vault.azure.net/", keyName = "k1", keyVersion = "v1" };
        await ApiClient.Expect(await api.PutJsonAsync($"/api/hubs/{hub}", new { encryption }), HttpStatusCode.Created);

        var rotated = await api.PutJsonAsync($"/api/hubs/{hub}", new { encryption = encryption with { keyName = "k2", keyVersion = "v7" } });
        Assert.Equal("k2", (await ApiClient.Expect(rotated, HttpStatusCode.OK)).GetProperty("encryption").GetProperty("keyName").GetString());

        var moved = await api.PutJsonAsync($"/api/hubs/{hub}", new { encryption = encryption with { keyVaultUri = "https://other.vault.azure.net/" } });
        await ProblemDetailsTests.AssertProblem(moved, HttpStatusCode.Conflict, "KeyVaultChangeNotAllowed");

        var reverted = await api.PutJsonAsync($"/api/hubs/{hub}", new { encryption = new { keySource = "Microsoft" } });
        await ProblemDetailsTests.AssertProblem(reverted, HttpStatusCode.Conflict, "EncryptionImmutable");
    }

    [Fact]
    public async Task AStaleIfMatchIsRefusedWith412()
    {
        var hub = await api.CreateHubAsync();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/hubs/{hub}") { Content = JsonContent.Create(new { displayName = "x" }) };
        request.Headers.TryAddWithoutValidation("If-Match", "W/\"datetime'2000-01-01T00%3A00%3A00Z'\"");

        await ProblemDetailsTests.AssertProblem(await api.Http.SendAsync(request), HttpStatusCode.PreconditionFailed, "PreconditionFailed");
    }

    [Theory]
    [InlineData("Bad_Name")]
    [InlineData("ab")]
    [InlineData("-hub")]
    public async Task ABadHubNameIsRefused(string name) =>
        await ProblemDetailsTests.AssertProblem(await api.PutJsonAsync($"/api/hubs/{name}", new { }), HttpStatusCode.BadRequest, "ValidationFailed");

    [Fact]
    public async Task AnUnknownHubIs404() =>
        await ProblemDetailsTests.AssertProblem(await api.Http.GetAsync("/api/hubs/no-such-hub"), HttpStatusCode.NotFound, "NotFound");

    [Fact]
    public async Task ProjectsAreCreatedListedAndReadWithinTheirHub()
    {
        var hub = await api.CreateHubAsync();
        var project = await api.CreateProjectAsync(hub);

        var one = await api.GetJsonAsync($"/api/hubs/{hub}/projects/{project}");
        var list = await api.GetJsonAsync($"/api/hubs/{hub}/projects");

        Assert.Equal(hub, one.GetProperty("hub").GetString());
        Assert.Equal(project, Assert.Single(list.GetProperty("value").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task AProjectOfAnUnknownHubIs404() =>
        await ProblemDetailsTests.AssertProblem(await api.PutJsonAsync("/api/hubs/no-such-hub/projects/proj1", new { }), HttpStatusCode.NotFound, "NotFound");

    [Fact]
    public async Task ProvidersListTheirAuthTypesFieldsAndProbes()
    {
        var providers = (await api.GetJsonAsync("/api/providers")).GetProperty("value").EnumerateArray().ToList();

        var ids = providers.Select(p => p.GetProperty("id").GetString()).ToList();
        Assert.Superset(new HashSet<string?> { "OpenAI", "AzureOpenAI", "AzureAIServices", "AzureAISearch", "AzureStorage", "AzureSql", "CustomEndpoint", "AzureKeyVault" }, ids.ToHashSet());
        var openai = providers.Single(p => p.GetProperty("id").GetString() == "OpenAI");
        Assert.True(openai.GetProperty("testable").GetBoolean());
        Assert.Equal("key", openai.GetProperty("credentialFields").GetProperty("ApiKey")[0].GetProperty("name").GetString());
    }
}
