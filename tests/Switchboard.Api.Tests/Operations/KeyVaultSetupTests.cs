using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Api.Tests.Hosting;
using Switchboard.Api.Tests.Registry;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Operations;

/// <summary>A hub's own vault, each test on a vault of its own so access rules can be set per test.</summary>
public class KeyVaultSetupTests(IsolatedStorage storage) : RegistryTestBase(storage), IAsyncLifetime
{
    private EmulatorVault own = null!;

    protected override void Configure(SwitchboardApplication app) => app
        .With("Switchboard:KeyVault:AllowedHostSuffixes:2", "localhost:" + own.Uri.Port)
        .With("Switchboard:KeyVault:Setup:Deadline", "00:00:09");

    async Task IAsyncLifetime.InitializeAsync()
    {
        own = await TestVaults.CreateVaultAsync();
        await InitializeAsync();
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync();

    private Task<HttpResponseMessage> ConnectAsync(string hub) => Api.PutJsonAsync($"/api/hubs/{hub}/keyvault", new { vaultUri = own.Uri.ToString() });

    [Fact]
    public async Task AHubsOwnVaultIsConnectedAndReceivesItsNewCredentials()
    {
        var hub = await Api.CreateHubAsync();

        var done = await Operation.CompletionAsync(Api, await ConnectAsync(hub));
        var canary = "sk-byo-" + Guid.NewGuid().ToString("N");
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("byo", canary));

        Assert.Equal("Completed", done.GetProperty("status").GetString());
        Assert.Equal("KeyVaultSetup", done.GetProperty("name").GetString());
        var vault = await Api.GetJsonAsync($"/api/hubs/{hub}/keyvault");
        Assert.Equal("Active", vault.GetProperty("status").GetString());
        Assert.Contains(canary, await TestVaults.DumpAsync(own.Name));
        Assert.DoesNotContain(canary, await TestVaults.DumpAsync("main"));
        var list = await Api.GetJsonAsync($"/api/hubs/{hub}/connections");
        Assert.Equal("AzureKeyVault", list.GetProperty("value")[0].GetProperty("provider").GetString());
        Assert.Equal(canary, (await ApiClient.Expect(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/byo/listSecrets"), HttpStatusCode.OK)).GetProperty("credentials").GetProperty("key").GetString());
    }

    [Fact]
    public async Task TheVaultMustBeTheHubsFirstConnection()
    {
        var hub = await Api.CreateHubAsync();
        var project = await Api.CreateProjectAsync(hub);
        await Api.CreateConnectionAsync($"/api/hubs/{hub}/projects/{project}", ApiClient.OpenAI("early"));

        await ProblemDetailsTests.AssertProblem(await ConnectAsync(hub), HttpStatusCode.Conflict, "KeyVaultMustBeFirst");
    }

    [Fact]
    public async Task SetupWaitsForAVaultThatRefusesAccessForAWhile()
    {
        var hub = await Api.CreateHubAsync();
        await TestVaults.SetAccessAsync(own.Name, new { forbiddenForRequests = 3 });

        var done = await Operation.CompletionAsync(Api, await ConnectAsync(hub));

        Assert.Equal("Completed", done.GetProperty("status").GetString());
        Assert.Contains(done.GetProperty("history").EnumerateArray(), e => e.GetProperty("type").GetString() == "TimerSet");
    }

    [Fact]
    public async Task SetupFailsClearlyWhenTheDeadlinePassesAndTheHubIsFreeAgain()
    {
        var hub = await Api.CreateHubAsync();
        await TestVaults.SetAccessAsync(own.Name, new { forbidden = true });

        var done = await Operation.CompletionAsync(Api, await ConnectAsync(hub));
        await TestVaults.SetAccessAsync(own.Name, new { forbidden = false });

        Assert.Equal("Failed", done.GetProperty("status").GetString());
        Assert.Equal("KeyVaultForbidden", done.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("Key Vault Secrets Officer", done.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/hubs/{hub}/keyvault")).StatusCode);
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("after"));
    }

    [Fact]
    public async Task NoConnectionCanBeCreatedWhileSetupRuns()
    {
        var hub = await Api.CreateHubAsync();
        await TestVaults.SetAccessAsync(own.Name, new { forbidden = true });
        var accepted = await ConnectAsync(hub);
        await Operation.AcceptedAsync(accepted);

        var refused = await Api.PostJsonAsync($"/api/hubs/{hub}/connections", ApiClient.OpenAI("too-soon"));
        var again = await ConnectAsync(hub);

        await ProblemDetailsTests.AssertProblem(refused, HttpStatusCode.Conflict, "KeyVaultSetupInProgress");
        await ProblemDetailsTests.AssertProblem(again, HttpStatusCode.Conflict, "KeyVaultSetupInProgress");
        Assert.Equal("Provisioning", (await Api.GetJsonAsync($"/api/hubs/{hub}/keyvault")).GetProperty("status").GetString());
        await Operation.FinishedAsync(Api, accepted.Headers.Location!.ToString());
        await TestVaults.SetAccessAsync(own.Name, new { forbidden = false });
    }

    [Fact]
    public async Task AConnectionRacingTheSetupCannotSlipIn()
    {
        for (var round = 0; round < 5; round++)
        {
            var hub = await Api.CreateHubAsync();
            var create = Api.PostJsonAsync($"/api/hubs/{hub}/connections", ApiClient.OpenAI("racer"));
            var connect = ConnectAsync(hub);
            var (created, connected) = (await create, await connect);

            // Exactly one wins: the vault first (and the create is refused), or the connection first (and the setup is).
            Assert.True((created.StatusCode == HttpStatusCode.Created) ^ (connected.StatusCode == HttpStatusCode.Accepted),
                $"create {(int)created.StatusCode}, connect {(int)connected.StatusCode}");
            if (connected.StatusCode == HttpStatusCode.Accepted)
            {
                await Operation.FinishedAsync(Api, connected.Headers.Location!.ToString());
            }
        }
    }

    [Fact]
    public async Task TheVaultMustBeTheLastConnectionToGo()
    {
        var hub = await Api.CreateHubAsync();
        await Operation.CompletionAsync(Api, await ConnectAsync(hub));
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("stays"));

        await ProblemDetailsTests.AssertProblem(await Api.PutJsonAsync($"/api/hubs/{hub}/keyvault", new { vaultUri = own.Uri.ToString() }), HttpStatusCode.Conflict, "KeyVaultAlreadyConnected");
        await ProblemDetailsTests.AssertProblem(await Api.Http.DeleteAsync($"/api/hubs/{hub}/keyvault"), HttpStatusCode.Conflict, "KeyVaultMustBeLast");
        Assert.Equal(HttpStatusCode.NoContent, (await Api.Http.DeleteAsync($"/api/hubs/{hub}/connections/stays")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.Http.DeleteAsync($"/api/hubs/{hub}/keyvault")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/hubs/{hub}/keyvault")).StatusCode);
    }

    [Fact]
    public async Task ThePeriodicCheckReportsAVaultThatLostOurAccessAndItsRecovery()
    {
        var hub = await Api.CreateHubAsync();
        await Operation.CompletionAsync(Api, await ConnectAsync(hub));
        var check = App.Services.GetRequiredService<Switchboard.Core.KeyVault.KeyVaultService>();

        await TestVaults.SetAccessAsync(own.Name, new { forbidden = true });
        await check.CheckAllAsync(default);
        var broken = await Api.GetJsonAsync($"/api/hubs/{hub}/keyvault");
        await TestVaults.SetAccessAsync(own.Name, new { forbidden = false });
        await check.CheckAllAsync(default);
        var mended = await Api.GetJsonAsync($"/api/hubs/{hub}/keyvault");

        Assert.Equal("Forbidden", broken.GetProperty("status").GetString());
        Assert.Equal("Active", mended.GetProperty("status").GetString());
        var actions = (await Api.GetJsonAsync($"/api/hubs/{hub}/audit")).GetProperty("value").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("keyvault.unhealthy", actions);
        Assert.Contains("keyvault.healthy", actions);
    }

    [Fact]
    public async Task OnlyKeyVaultAddressesAreAccepted()
    {
        var hub = await Api.CreateHubAsync();
        foreach (var uri in new[] { "https://evil.example.com/", "http://localhost:" + own.Uri.Port + "/", "not a uri" })
        {
            await ProblemDetailsTests.AssertProblem(await Api.PutJsonAsync($"/api/hubs/{hub}/keyvault", new { vaultUri = uri }), HttpStatusCode.BadRequest, "ValidationFailed");
        }
    }
}
