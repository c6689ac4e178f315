using System.Net;
using System.Text.Json;
using Switchboard.Api.Tests.Registry;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Operations;

/// <summary>Moves to target vaults that throttle or refuse: waited for, throttled, or rolled back to the exact state before.</summary>
public class KeyVaultMigrationFailureTests(IsolatedStorage storage) : RegistryTestBase(storage), IAsyncLifetime
{
    private EmulatorVault target = null!;

    protected override void Configure(SwitchboardApplication app) => app
        .With("Switchboard:RateLimit:RequestsPerMinute", "1000000")
        .With("Switchboard:KeyVault:Setup:Deadline", "00:00:08")
        .With("Switchboard:KeyVault:AllowedHostSuffixes:2", "localhost:" + target.Uri.Port);

    async Task IAsyncLifetime.InitializeAsync()
    {
        target = await TestVaults.CreateVaultAsync();
        await InitializeAsync();
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync();

    private Task<HttpResponseMessage> MigrateAsync(string hub) => Api.PostJsonAsync($"/api/hubs/{hub}/keyvault/migrate", new { to = target.Uri.ToString() });

    [Fact]
    public async Task ATargetThatThrottlesIsWaitedOutAndTheMoveCompletes()
    {
        var workload = await MigrationWorkload.CreateAsync(Api, 60);
        await TestVaults.SetFaultsAsync(target.Name, new { throttleRate = 0.2, retryAfterSeconds = 1 });

        var done = await Operation.CompletionAsync(Api, await MigrateAsync(workload.Hub), TimeSpan.FromMinutes(2));

        Assert.True("Completed" == done.GetProperty("status").GetString(), done.ToString());
        await workload.AssertOnlyInAsync(target.Name, "main");
        await workload.AssertNoDuplicateCopiesAsync(target.Name);
    }

    [Fact]
    public async Task ATargetThatStopsGrantingAccessMidwayRollsBackToTheExactStateBefore()
    {
        var workload = await MigrationWorkload.CreateAsync(Api, 100);
        var before = await SnapshotAsync(workload);
        var sourceBefore = HubSecrets(await TestVaults.DumpAsync("main"), workload.Hub);
        // Slow copies, so access is withdrawn while some connections have moved and others have not.
        await TestVaults.SetFaultsAsync(target.Name, new { delayMs = 400 });
        var accepted = await MigrateAsync(workload.Hub);
        await Operation.AcceptedAsync(accepted);
        await Operation.AtStepAsync(Api, accepted.Headers.Location!.ToString(), "Copy credentials");
        await Task.Delay(1500);
        await TestVaults.SetAccessAsync(target.Name, new { forbidden = true });

        var done = await Operation.FinishedAsync(Api, accepted.Headers.Location!.ToString(), TimeSpan.FromMinutes(2));
        await TestVaults.SetAccessAsync(target.Name, new { forbidden = false });

        Assert.True("Failed" == done.GetProperty("status").GetString(), done.ToString());
        Assert.Equal("KeyVaultForbidden", done.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains(done.GetProperty("history").EnumerateArray(), e => e.GetProperty("type").GetString() == "CompensationStarted");
        Assert.Equal(before, await SnapshotAsync(workload));
        Assert.Equal(sourceBefore, HubSecrets(await TestVaults.DumpAsync("main"), workload.Hub));
        var audit = await Api.GetJsonAsync($"/api/hubs/{workload.Hub}/audit?action=keyvault.migrationFailed");
        Assert.Equal(1, audit.GetProperty("value").GetArrayLength());
        // The hub takes credential writes again, in its own vault as before.
        var (alias, (scope, _, _)) = workload.Connections.First();
        await ApiClient.Expect(await Api.PatchJsonAsync($"{scope}/connections/{alias}", new { credentials = new { key = "sk-after-rollback" } }), HttpStatusCode.OK);
        Assert.Contains("sk-after-rollback", await TestVaults.DumpAsync("main"));
    }

    [Fact]
    public async Task ATargetThatNeverGrantsAccessFailsAtTheDeadlineAndChangesNothing()
    {
        var workload = await MigrationWorkload.CreateAsync(Api, 5);
        var before = await SnapshotAsync(workload);
        await TestVaults.SetAccessAsync(target.Name, new { forbidden = true });

        var done = await Operation.CompletionAsync(Api, await MigrateAsync(workload.Hub));
        await TestVaults.SetAccessAsync(target.Name, new { forbidden = false });

        Assert.Equal("Failed", done.GetProperty("status").GetString());
        Assert.Equal("KeyVaultForbidden", done.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("Key Vault Secrets Officer", done.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(before, await SnapshotAsync(workload));
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/hubs/{workload.Hub}/keyvault")).StatusCode);
    }

    /// <summary>What clients see of every connection: its secret version and its credentials (a reverted row has a new ETag).</summary>
    private async Task<string> SnapshotAsync(MigrationWorkload workload)
    {
        var lines = new List<string>();
        foreach (var (alias, (scope, _, _)) in workload.Connections.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var row = await Api.GetJsonAsync($"{scope}/connections/{alias}");
            var secrets = await ApiClient.Expect(await Api.PostJsonAsync($"{scope}/connections/{alias}/listSecrets"), HttpStatusCode.OK);
            lines.Add($"{alias} {row.GetProperty("secretVersion")} {secrets.GetProperty("credentials").GetProperty("key")}");
        }
        return string.Join('\n', lines);
    }

    private static string HubSecrets(string dump, string hub) => string.Join('\n',
        JsonDocument.Parse(dump).RootElement.GetProperty("secrets").EnumerateArray()
            .Where(s => s.GetProperty("name").GetString()!.StartsWith($"sb-{hub}-", StringComparison.Ordinal))
            .Select(s => s.GetRawText()));
}
