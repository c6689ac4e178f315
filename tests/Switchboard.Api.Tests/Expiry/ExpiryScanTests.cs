using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Core.Expiry;
using Switchboard.Api.Tests.Registry;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Expiry;

/// <summary>The expiry scan on a clock the test controls.</summary>
public class ExpiryScanTests(IsolatedStorage storage) : RegistryTestBase(storage)
{
    // One clock for the class, only ever moved forward: the index's watermark (in the shared tables) follows it.
    private static readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    protected override void Configure(SwitchboardApplication app) => app.WithClock(clock);

    private Task<ExpiryScanResult> ScanAsync() => App.Services.GetRequiredService<ExpiryService>().ScanAsync(default);

    private async Task<List<string>> ActionsAsync(string hub, string alias) =>
        [.. (await Api.GetJsonAsync($"/api/hubs/{hub}/audit?alias={alias}")).GetProperty("value").EnumerateArray().Select(e => e.GetProperty("action").GetString()!)];

    private static JsonObject Expiring(string alias, DateTimeOffset expiresAt, object? rotation = null)
    {
        var body = JsonSerializer.SerializeToNode(ApiClient.OpenAI(alias))!.AsObject();
        body["expiresAt"] = expiresAt;
        body["rotation"] = JsonSerializer.SerializeToNode(rotation ?? new { notifyBefore = "P30D" });
        return body;
    }

    [Fact]
    public async Task AConnectionIsWarnedAtTheWindowsStartOnceAndMarkedExpiredAtExpiry()
    {
        var hub = await Api.CreateHubAsync();
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", Expiring("ages", clock.GetUtcNow().AddDays(40)));

        await ScanAsync();
        Assert.DoesNotContain("connection.expiring", await ActionsAsync(hub, "ages"));

        clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromMinutes(1));
        await ScanAsync();
        await ScanAsync();
        Assert.Single(await ActionsAsync(hub, "ages"), a => a == "connection.expiring");
        Assert.Equal("ExpiringSoon", (await Api.GetJsonAsync($"/api/hubs/{hub}/connections/ages")).GetProperty("credentialStatus").GetString());

        clock.Advance(TimeSpan.FromDays(30));
        await ScanAsync();
        await ScanAsync();
        var actions = await ActionsAsync(hub, "ages");
        Assert.Single(actions, a => a == "connection.expired");
        Assert.Single(actions, a => a == "connection.expiring");
        Assert.Equal("Expired", (await Api.GetJsonAsync($"/api/hubs/{hub}/connections/ages")).GetProperty("credentialStatus").GetString());
    }

    [Fact]
    public async Task AutoRotationStartsWhenTheWindowOpensForAGeneratingProvider()
    {
        var hub = await Api.CreateHubAsync();
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", new
        {
            alias = "auto", provider = "CustomEndpoint", target = "https://custom.example/", authType = "ApiKey", credentials = new { key = "k1" },
            expiresAt = clock.GetUtcNow().AddDays(5), rotation = new { notifyBefore = "P7D", autoRotate = true },
        });
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", Expiring("manual", clock.GetUtcNow().AddDays(5), new { notifyBefore = "P7D", autoRotate = true }));

        var result = await ScanAsync();

        Assert.Equal(1, result.RotationsStarted);
        Assert.Contains("rotation.autoStarted", await ActionsAsync(hub, "auto"));
        Assert.DoesNotContain("rotation.autoStarted", await ActionsAsync(hub, "manual"));
    }

    [Fact]
    public async Task AChangedExpiryMovesTheConnectionInTheIndex()
    {
        var hub = await Api.CreateHubAsync();
        var expires = clock.GetUtcNow().AddDays(100);
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", Expiring("moving", expires));
        Assert.Equal([Day(expires.AddDays(-30))], await IndexDaysAsync(hub));

        await Api.PatchJsonAsync($"/api/hubs/{hub}/connections/moving", new { expiresAt = expires.AddDays(100) });

        Assert.Equal([Day(expires.AddDays(70))], await IndexDaysAsync(hub));
        await Api.Http.DeleteAsync($"/api/hubs/{hub}/connections/moving");
        Assert.Empty(await IndexDaysAsync(hub));
    }

    [Fact]
    public async Task KeyVaultsExpiryOfTheCurrentVersionFollowsTheConnection()
    {
        var hub = await Api.CreateHubAsync();
        var expires = clock.GetUtcNow().AddDays(100);
        var created = await Api.CreateConnectionAsync($"/api/hubs/{hub}", Expiring("kvexp", expires));
        var version = created.GetProperty("secretVersion").GetString()!;
        Assert.Equal(expires.ToUnixTimeSeconds(), ExpOf(await TestVaults.DumpAsync("main"), version));

        await Api.PatchJsonAsync($"/api/hubs/{hub}/connections/kvexp", new { expiresAt = expires.AddDays(30) });

        Assert.Equal(expires.AddDays(30).ToUnixTimeSeconds(), ExpOf(await TestVaults.DumpAsync("main"), version));
    }

    private static string Day(DateTimeOffset time) => "d" + time.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    private static long? ExpOf(string dump, string version) =>
        JsonDocument.Parse(dump).RootElement.GetProperty("secrets").EnumerateArray()
            .SelectMany(s => s.GetProperty("versions").EnumerateArray())
            .Single(v => v.GetProperty("version").GetString() == version)
            .GetProperty("expires").GetInt64();

    private async Task<List<string>> IndexDaysAsync(string hub)
    {
        var table = Storage.Tables.GetTableClient(Storage.Prefix + "ExpiryIndex");
        var days = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Hub eq {hub}")))
        {
            days.Add(e.PartitionKey);
        }
        return days;
    }
}
