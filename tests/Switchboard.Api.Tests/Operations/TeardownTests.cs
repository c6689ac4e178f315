using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Teardown;
using Switchboard.Api.Tests.Hosting;
using Switchboard.Api.Tests.Registry;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Operations;

public class TeardownTests(IsolatedStorage storage) : RegistryTestBase(storage), IAsyncLifetime
{
    private EmulatorVault own = null!;

    protected override void Configure(SwitchboardApplication app) =>
        app.With("Switchboard:KeyVault:AllowedHostSuffixes:2", "localhost:" + own.Uri.Port);

    async Task IAsyncLifetime.InitializeAsync()
    {
        own = await TestVaults.CreateVaultAsync();
        await InitializeAsync();
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync();

    /// <summary>A hub with its own vault, two projects and connections at every level; returns the canaries.</summary>
    private async Task<(string Hub, List<string> Canaries)> FullHubAsync(ApiClient api)
    {
        var hub = await api.CreateHubAsync();
        await Operation.CompletionAsync(api, await api.PutJsonAsync($"/api/hubs/{hub}/keyvault", new { vaultUri = own.Uri.ToString() }));
        var canaries = new List<string>();
        foreach (var scope in new[] { $"/api/hubs/{hub}", $"/api/hubs/{hub}/projects/{await api.CreateProjectAsync(hub)}", $"/api/hubs/{hub}/projects/{await api.CreateProjectAsync(hub)}" })
        {
            for (var i = 0; i < 3; i++)
            {
                var canary = $"sk-teardown-{Guid.NewGuid():N}";
                canaries.Add(canary);
                await api.CreateConnectionAsync(scope, ApiClient.OpenAI($"c{i}-{Guid.NewGuid().ToString("N")[..6]}", canary));
            }
        }
        await api.PostJsonAsync($"/api/hubs/{hub}/apiKeys", new { role = "Reader" });
        return (hub, canaries);
    }

    private async Task<int> RowsOfAsync(string hub)
    {
        var rows = 0;
        await foreach (var table in Storage.Tables.QueryAsync(t => t.Name.CompareTo(Storage.Prefix) >= 0 && t.Name.CompareTo(Storage.Prefix + "~") < 0))
        {
            if (table.Name.EndsWith("Audit", StringComparison.Ordinal) || table.Name.Contains("Workflow", StringComparison.Ordinal))
            {
                continue;
            }
            await foreach (var _ in Storage.Tables.GetTableClient(table.Name).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {hub} or Hub eq {hub}")))
            {
                rows++;
            }
        }
        return rows;
    }

    [Fact]
    public async Task DeletingAHubRemovesEverythingInOrder()
    {
        var (hub, canaries) = await FullHubAsync(Api);
        Assert.True(await RowsOfAsync(hub) > 0);

        var done = await Operation.CompletionAsync(Api, await Api.Http.DeleteAsync($"/api/hubs/{hub}"));

        Assert.Equal("Completed", done.GetProperty("status").GetString());
        var steps = done.GetProperty("history").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "StepCompleted")
            .Select(e => e.GetProperty("step").GetString()).Distinct().ToList();
        Assert.Equal(["Block writes", "Delete project connections", "Delete hub connections", "Delete Key Vault connection", "Delete projects", "Delete access", "Delete hub"], steps);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/hubs/{hub}")).StatusCode);
        Assert.Equal(0, await RowsOfAsync(hub));
        var vault = await TestVaults.DumpAsync(own.Name);
        Assert.All(canaries, c => Assert.DoesNotContain(c, vault));
    }

    [Fact]
    public async Task AHubBeingDeletedRefusesWrites()
    {
        var hub = await Api.CreateHubAsync();
        var project = await Api.CreateProjectAsync(hub);
        await App.Services.GetRequiredService<TeardownService>().BeginAsync(new TeardownTarget(hub, null, "test", "test"), default);

        await ProblemDetailsTests.AssertProblem(await Api.PostJsonAsync($"/api/hubs/{hub}/connections", ApiClient.OpenAI("late")), HttpStatusCode.Conflict, "HubDeleting");
        await ProblemDetailsTests.AssertProblem(await Api.PostJsonAsync($"/api/hubs/{hub}/projects/{project}/connections", ApiClient.OpenAI("late")), HttpStatusCode.Conflict, "HubDeleting");
        await ProblemDetailsTests.AssertProblem(await Api.PutJsonAsync($"/api/hubs/{hub}", new { displayName = "x" }), HttpStatusCode.Conflict, "HubDeleting");
    }

    [Fact]
    public async Task DeletingAProjectRemovesItsConnectionsAndLeavesTheHub()
    {
        var hub = await Api.CreateHubAsync();
        var project = await Api.CreateProjectAsync(hub);
        var canary = $"sk-project-{Guid.NewGuid():N}";
        await Api.CreateConnectionAsync($"/api/hubs/{hub}/projects/{project}", ApiClient.OpenAI("proj-conn", canary));
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("hub-conn"));

        var done = await Operation.CompletionAsync(Api, await Api.Http.DeleteAsync($"/api/hubs/{hub}/projects/{project}"));

        Assert.Equal("Completed", done.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/hubs/{hub}/projects/{project}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Api.Http.GetAsync($"/api/hubs/{hub}/connections/hub-conn")).StatusCode);
        Assert.DoesNotContain(canary, await TestVaults.DumpAsync("main"));
        // The alias is free again.
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("proj-conn"));
    }

    [Fact]
    public async Task ATeardownInterruptedHalfWayFinishesAfterARestart()
    {
        var (hub, canaries) = await FullHubAsync(Api);
        var accepted = await Api.Http.DeleteAsync($"/api/hubs/{hub}");
        var location = accepted.Headers.Location!.AbsolutePath;
        await Operation.AtStepAsync(Api, location, "Delete hub connections");

        await App.DisposeAsync();
        await using var restarted = new SwitchboardApplication(Storage);
        Configure(restarted);
        var api = new ApiClient(restarted);
        var done = await Operation.FinishedAsync(api, location);

        Assert.Equal("Completed", done.GetProperty("status").GetString());
        Assert.Equal(0, await RowsOfAsync(hub));
        var vault = await TestVaults.DumpAsync(own.Name);
        Assert.All(canaries, c => Assert.DoesNotContain(c, vault));
    }
}
