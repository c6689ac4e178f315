using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Core.Connections;
using Switchboard.Core.Ports;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Registry;

/// <summary>
/// A process that dies between writing a secret and inserting its row leaves a secret that nothing refers to;
/// the daily sweep removes it once it has been quiet for an hour, and never touches anybody else's secrets.
/// </summary>
public class OrphanSecretTests(IsolatedStorage storage) : OwnVaultTestBase(storage)
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    protected override void Configure(SwitchboardApplication app)
    {
        base.Configure(app);
        app.WithClock(clock);
    }

    [Fact]
    public async Task TheSweepRemovesOnlyThisDeploymentsQuietSecretsThatNoConnectionReferences()
    {
        var hub = await Api.CreateHubAsync();
        var kept = "sk-kept-" + Guid.NewGuid().ToString("N");
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("kept", kept));
        var vaults = App.Services.GetRequiredService<SecretVault>();
        var secrets = App.Services.GetRequiredService<ISecretStore>();
        async Task<string> PlantAsync(SecretVault owner, string alias)
        {
            // What a create leaves when it dies after writing its secret and before inserting its row.
            var (id, value) = (Guid.NewGuid().ToString("N"), "sk-planted-" + Guid.NewGuid().ToString("N"));
            await secrets.SetAsync(Vault.Uri, SecretVault.SecretNameOf(hub, id), new Dictionary<string, string> { ["key"] = value },
                owner.TagsOf(hub, null, alias, id), null, default);
            return value;
        }
        var ghost = await PlantAsync(vaults, "ghost");
        var shadowOfKept = await PlantAsync(vaults, "kept");
        var otherDeployments = await PlantAsync(new SecretVault(Vault.Uri, "another-store"), "ghost");
        var sweep = App.Services.GetRequiredService<OrphanSecretSweep>();

        var whileQuietPeriodRuns = await sweep.SweepAsync(default);
        clock.Advance(OrphanSecretSweep.QuietPeriod + TimeSpan.FromMinutes(1));
        var afterIt = await sweep.SweepAsync(default);

        Assert.Equal(0, whileQuietPeriodRuns);
        Assert.Equal(2, afterIt);
        var dump = await TestVaults.DumpAsync(Vault.Name);
        Assert.DoesNotContain(ghost, dump);
        Assert.DoesNotContain(shadowOfKept, dump);
        Assert.Contains(otherDeployments, dump);
        Assert.Contains(kept, dump);
        var listed = await ApiClient.Expect(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/kept/listSecrets"), HttpStatusCode.OK);
        Assert.Equal(kept, listed.GetProperty("credentials").GetProperty("key").GetString());
        var audit = await Api.GetJsonAsync($"/api/hubs/{hub}/audit?action=connection.orphanSecretRemoved");
        Assert.Equal(2, audit.GetProperty("value").GetArrayLength());
        Assert.DoesNotContain(ghost, audit.GetRawText());
    }
}
