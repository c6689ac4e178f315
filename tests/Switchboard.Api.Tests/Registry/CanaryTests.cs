using System.Net;
using Switchboard.Api.Tests.Operations;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Registry;

/// <summary>
/// A canary credential planted through the API must be found in Key Vault and nowhere else: not in a table,
/// a queue, a log line, or any response but listSecrets.
/// </summary>
public class CanaryTests(IsolatedStorage storage) : RegistryTestBase(storage)
{
    [Fact]
    public async Task ACanaryCredentialLivesOnlyInKeyVault()
    {
        var canary = "sk-canary-" + Guid.NewGuid().ToString("N");
        var rotated = "sk-canary-rotated-" + Guid.NewGuid().ToString("N");
        var hub = await Api.CreateHubAsync();
        var project = await Api.CreateProjectAsync(hub);
        var scope = $"/api/hubs/{hub}/projects/{project}";

        await Api.CreateConnectionAsync(scope, ApiClient.OpenAI("canary", canary));
        await Api.Http.GetAsync($"{scope}/connections/canary");
        await Api.Http.GetAsync($"{scope}/connections");
        await Api.PatchJsonAsync($"{scope}/connections/canary", new { credentials = new { key = rotated }, name = "Rotated" });
        await Api.PostJsonAsync($"{scope}/connections/canary/disable");
        await Api.PostJsonAsync($"{scope}/connections/canary/listSecrets");
        await Api.PostJsonAsync($"{scope}/connections/canary/enable");
        var listed = await Api.PostJsonAsync($"{scope}/connections/canary/listSecrets?version=previous");
        await Api.PostJsonAsync($"{scope}/connections/canary/test");
        await Api.Http.GetAsync($"/api/hubs/{hub}/audit");
        // The hub's credentials moved to another vault and back: the migration's state holds ids and hashes only.
        await Operation.CompletionAsync(Api, await Api.PostJsonAsync($"/api/hubs/{hub}/keyvault/migrate", new { to = TestVaults.SpareVault.ToString() }));
        await Operation.CompletionAsync(Api, await Api.PostJsonAsync($"/api/hubs/{hub}/keyvault/migrate", new { to = "managed" }));
        // A failing request whose body holds the canary must not echo it either.
        await Api.PostJsonAsync($"{scope}/connections", new { alias = "bad alias", provider = "OpenAI", credentials = new { key = canary } });

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var vault = await TestVaults.DumpAsync("main");
        Assert.Contains(canary, vault);
        Assert.Contains(rotated, vault);
        Assert.Contains(rotated, await TestVaults.DumpAsync("spare"));

        var responses = Api.Responses.Where(r => !r.Contains("/listSecrets")).ToList();
        Assert.All(responses, r => Assert.DoesNotContain(canary, r));
        Assert.All(responses, r => Assert.DoesNotContain(rotated, r));
        Assert.DoesNotContain(canary, App.Logs.All);
        Assert.DoesNotContain(rotated, App.Logs.All);

        var everything = await Storage.DumpAsync();
        Assert.DoesNotContain(canary, everything);
        Assert.DoesNotContain(rotated, everything);
        Assert.Contains("canary", everything); // the scan did read the connection's row
    }
}
