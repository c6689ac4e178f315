using System.Net.Http.Json;
using System.Text.Json;

namespace Switchboard.Testing;

/// <summary>The Key Vault emulator that ./test.sh started: its vaults, pinned certificate and admin API.</summary>
public static class TestVaults
{
    private static readonly Lazy<JsonElement> Endpoints = new(() =>
        JsonDocument.Parse(File.ReadAllText(TestEnvironment.KeyVaultEndpointsFile)).RootElement);

    private static readonly HttpClient Admin = new() { BaseAddress = new Uri(Endpoints.Value.GetProperty("admin").GetString()!) };

    public static Uri MainVault => new(Endpoints.Value.GetProperty("vaults").GetProperty("main").GetString()!);
    public static Uri SpareVault => new(Endpoints.Value.GetProperty("vaults").GetProperty("spare").GetString()!);
    public static string CertificatePath => Endpoints.Value.GetProperty("certificate").GetString()!;

    /// <summary>The settings that point the service at the emulator's main vault.</summary>
    public static IReadOnlyDictionary<string, string> ServiceSettings(Uri? vault = null) => new Dictionary<string, string>
    {
        ["Switchboard:KeyVault:ManagedVaultUri"] = (vault ?? MainVault).ToString(),
        ["Switchboard:KeyVault:EmulatorCertificatePath"] = CertificatePath,
        ["Switchboard:KeyVault:AllowedHostSuffixes:0"] = "localhost:" + (vault ?? MainVault).Port,
        ["Switchboard:KeyVault:AllowedHostSuffixes:1"] = "localhost:" + SpareVault.Port,
    };

    /// <summary>A vault of the test's own, for fault injection that must not disturb other tests.</summary>
    public static async Task<EmulatorVault> CreateVaultAsync(object? settings = null)
    {
        var name = "v" + Guid.NewGuid().ToString("N")[..12];
        var response = await Admin.PostAsJsonAsync("/admin/vaults", new { name });
        response.EnsureSuccessStatusCode();
        if (settings is not null)
        {
            await PutAsync($"/admin/vaults/{name}/settings", settings);
        }
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new EmulatorVault(name, new Uri(body.GetProperty("uri").GetString()!));
    }

    public static Task SetFaultsAsync(string vault, object faults) => PutAsync($"/admin/vaults/{vault}/faults", faults);

    public static Task SetAccessAsync(string vault, object access) => PutAsync($"/admin/vaults/{vault}/access", access);

    /// <summary>Every secret of a vault with every version's value: where a canary credential should be found.</summary>
    public static async Task<string> DumpAsync(string vault) => await Admin.GetStringAsync($"/admin/vaults/{vault}/dump");

    public static async Task<JsonElement> StatsAsync(string vault) =>
        await Admin.GetFromJsonAsync<JsonElement>($"/admin/vaults/{vault}/stats");

    private static async Task PutAsync(string path, object body) => (await Admin.PutAsJsonAsync(path, body)).EnsureSuccessStatusCode();
}

/// <summary>A vault the emulator started for one test.</summary>
public sealed record EmulatorVault(string Name, Uri Uri);
