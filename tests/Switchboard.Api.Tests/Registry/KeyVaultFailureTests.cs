using System.Net;
using Switchboard.Api.Tests.Hosting;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Registry;

/// <summary>When Key Vault fails, the caller gets a 503 and nothing is half written.</summary>
public class KeyVaultFailureTests(IsolatedStorage storage) : OwnVaultTestBase(storage)
{
    [Fact]
    public async Task AVaultThatRefusesUsGives503AndNoConnection()
    {
        var hub = await Api.CreateHubAsync();
        await TestVaults.SetAccessAsync(Vault.Name, new { forbidden = true });

        var response = await Api.PostJsonAsync($"/api/hubs/{hub}/connections", ApiClient.OpenAI("refused", "sk-refused"));
        await TestVaults.SetAccessAsync(Vault.Name, new { forbidden = false });

        var problem = await ProblemDetailsTests.AssertProblem(response, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.DoesNotContain("sk-refused", problem.GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/hubs/{hub}/connections/refused")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Api.PostJsonAsync($"/api/hubs/{hub}/connections", ApiClient.OpenAI("refused"))).StatusCode);
    }

    [Theory]
    [InlineData("throttle")]
    [InlineData("error")]
    public async Task ThrottledOrFailingVaultCallsAreRetriedWithoutDuplicatingAVersion(string fault)
    {
        var hub = await Api.CreateHubAsync();
        var canary = "sk-retried-" + Guid.NewGuid().ToString("N");
        await TestVaults.SetFaultsAsync(Vault.Name, fault == "throttle"
            ? new { throttleNext = 2, retryAfterSeconds = 0 }
            : (object)new { errorNext = 2 });

        var response = await Api.PostJsonAsync($"/api/hubs/{hub}/connections", ApiClient.OpenAI("retried", canary));

        await ApiClient.Expect(response, HttpStatusCode.Created);
        var dump = await TestVaults.DumpAsync(Vault.Name);
        Assert.Equal(1, dump.Split(canary).Length - 1);
    }

    [Fact]
    public async Task ConcurrentCreatesOfOneAliasLeaveOneConnectionAndNoOrphanedSecret()
    {
        var hub = await Api.CreateHubAsync();
        var canaries = Enumerable.Range(0, 6).Select(i => $"sk-race-{i}-{Guid.NewGuid():N}").ToList();

        var responses = await Task.WhenAll(canaries.Select(c => Api.PostJsonAsync($"/api/hubs/{hub}/connections", ApiClient.OpenAI("contested", c))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var secrets = await Api.PostJsonAsync($"/api/hubs/{hub}/connections/contested/listSecrets");
        var winner = (await ApiClient.Expect(secrets, HttpStatusCode.OK)).GetProperty("credentials").GetProperty("key").GetString();
        var dump = await TestVaults.DumpAsync(Vault.Name);
        Assert.All(canaries.Where(c => c != winner), c => Assert.DoesNotContain(c, dump));
    }
}
