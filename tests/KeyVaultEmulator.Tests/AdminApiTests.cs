using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure;
using Switchboard.KeyVaultEmulator.Tests.Infrastructure;

namespace Switchboard.KeyVaultEmulator.Tests;

/// <summary>The admin API: vaults, reset, counters and the dump.</summary>
public sealed class AdminApiTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Listing_vaults_gives_each_name_and_address()
    {
        var listed = await emulator.Admin.GetAsync("admin/vaults");

        var main = listed.GetProperty("vaults").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "main");
        Assert.Equal(emulator.MainVault.ToString(), main.GetProperty("uri").GetString());
    }

    [Fact]
    public async Task Creating_a_vault_starts_a_new_listener_the_sdk_can_use()
    {
        var name = EmulatorFixture.Unique("created");

        var uri = await emulator.Admin.CreateVaultAsync(name);
        var secret = await emulator.Client(uri).SetSecretAsync("hello", "world");

        Assert.NotEqual(emulator.MainVault.Port, uri.Port);
        Assert.Equal("localhost", uri.Host);
        Assert.Equal(new Uri(uri, $"secrets/hello/{secret.Value.Properties.Version}"), secret.Value.Id);
        Assert.Equal(uri, emulator.Host.VaultUris[name]);
    }

    [Fact]
    public async Task Creating_a_vault_twice_answers_409_and_a_bad_name_400()
    {
        var (name, _) = await emulator.NewVaultAsync();

        using var twice = await emulator.Admin.Http.PostAsJsonAsync("admin/vaults", new { name });
        using var bad = await emulator.Admin.Http.PostAsJsonAsync("admin/vaults", new { name = "no_underscores" });

        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task An_unknown_vault_answers_404()
    {
        using var response = await emulator.Admin.Http.GetAsync("admin/vaults/nope/stats");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Resetting_a_vault_clears_its_secrets_faults_access_rule_and_settings()
    {
        var (name, vault) = await emulator.NewVaultAsync();
        var client = emulator.Client(vault);
        await client.SetSecretAsync("gone-after-reset", "v");
        await emulator.Admin.SetSettingsAsync(name, new { purgeProtection = true, recoverableDays = 7 });
        await emulator.Admin.SetFaultsAsync(name, new { throttleRate = 1.0 });
        await emulator.Admin.SetAccessAsync(name, new { forbidden = true });

        await emulator.Admin.ResetAsync(name);
        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync("gone-after-reset"));
        var settings = await emulator.Admin.GetAsync($"admin/vaults/{name}/settings");

        Assert.Equal(404, missing.Status);
        Assert.False(settings.GetProperty("purgeProtection").GetBoolean());
        Assert.Equal(90, settings.GetProperty("recoverableDays").GetInt32());
    }

    [Fact]
    public async Task Resetting_everything_clears_every_vault()
    {
        using var dir = new TempDirectory();
        await using var host = await EmulatorFixture.StartAsync(dir.Path);
        using var admin = new AdminApi(host.AdminUri);
        var second = await admin.CreateVaultAsync("second");
        var pinned = PinnedCertificate.Load(host.CertificatePemPath);
        await EmulatorFixture.CreateClient(host.VaultUris["main"], pinned).SetSecretAsync("a", "v");
        await EmulatorFixture.CreateClient(second, pinned).SetSecretAsync("b", "v");

        using var response = await admin.Http.PostAsync("admin/reset", null);

        response.EnsureSuccessStatusCode();
        Assert.Empty((await admin.DumpAsync("main")).GetProperty("secrets").EnumerateArray());
        Assert.Empty((await admin.DumpAsync("second")).GetProperty("secrets").EnumerateArray());
    }

    [Fact]
    public async Task The_dump_shows_every_version_with_its_value_including_deleted_secrets()
    {
        var (name, vault) = await emulator.NewVaultAsync();
        var client = emulator.Client(vault);
        await client.SetSecretAsync("canary", "first-credential");
        await client.SetSecretAsync("canary", "second-credential");
        await client.SetSecretAsync("doomed", "deleted-credential");
        await (await client.StartDeleteSecretAsync("doomed")).WaitForCompletionAsync(TimeSpan.FromMilliseconds(20), CancellationToken.None);

        var dump = await emulator.Admin.DumpAsync(name);
        var secrets = dump.GetProperty("secrets").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);

        Assert.Equal(
            ["first-credential", "second-credential"],
            secrets["canary"].GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("value").GetString()));
        Assert.Equal("deleted-credential", secrets["doomed"].GetProperty("versions")[0].GetProperty("value").GetString());
        Assert.Equal(JsonValueKind.Object, secrets["doomed"].GetProperty("deletion").ValueKind);
    }

    [Fact]
    public async Task Stats_count_requests_by_operation()
    {
        var (name, vault) = await emulator.NewVaultAsync();
        var client = emulator.Client(vault);
        await client.SetSecretAsync("counted", "v");
        await client.GetSecretAsync("counted");
        await client.GetSecretAsync("counted");
        await client.GetPropertiesOfSecretsAsync().ToListAsync();

        var operations = (await emulator.Admin.StatsAsync(name)).GetProperty("operations");

        Assert.Equal(1, operations.GetProperty("SetSecret").GetInt64());
        Assert.Equal(2, operations.GetProperty("GetSecret").GetInt64());
        Assert.Equal(1, operations.GetProperty("GetSecrets").GetInt64());
    }

    [Fact]
    public async Task A_retention_outside_7_to_90_days_is_refused()
    {
        var (name, _) = await emulator.NewVaultAsync();

        using var response = await emulator.Admin.Http.PutAsJsonAsync($"admin/vaults/{name}/settings", new { recoverableDays = 3 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_access_rule_needs_one_of_its_fields()
    {
        var (name, _) = await emulator.NewVaultAsync();

        using var response = await emulator.Admin.Http.PutAsJsonAsync($"admin/vaults/{name}/access", new { });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
