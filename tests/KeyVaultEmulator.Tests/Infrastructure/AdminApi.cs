using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Switchboard.KeyVaultEmulator.Tests.Infrastructure;

/// <summary>A thin client of the emulator's admin API, as a script or another test suite would use it.</summary>
internal sealed class AdminApi(Uri adminUri) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = adminUri };

    public HttpClient Http => _http;

    public async Task<Uri> CreateVaultAsync(string name, bool purgeProtection = false, int? recoverableDays = null)
    {
        using var response = await _http.PostAsJsonAsync("admin/vaults", new { name, purgeProtection, recoverableDays });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Uri(body.GetProperty("uri").GetString()!);
    }

    public Task SetFaultsAsync(string vault, object faults) => PutAsync($"admin/vaults/{vault}/faults", faults);

    public Task SetAccessAsync(string vault, object access) => PutAsync($"admin/vaults/{vault}/access", access);

    public Task SetSettingsAsync(string vault, object settings) => PutAsync($"admin/vaults/{vault}/settings", settings);

    public async Task ResetAsync(string vault)
    {
        using var response = await _http.PostAsync($"admin/vaults/{vault}/reset", null);
        response.EnsureSuccessStatusCode();
    }

    public Task<JsonElement> StatsAsync(string vault) => GetAsync($"admin/vaults/{vault}/stats");

    public Task<JsonElement> DumpAsync(string vault) => GetAsync($"admin/vaults/{vault}/dump");

    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>How many authenticated requests the vault counted for an operation (0 if none).</summary>
    public async Task<long> OperationCountAsync(string vault, string operation)
    {
        var stats = await StatsAsync(vault);
        return stats.GetProperty("operations").TryGetProperty(operation, out var count) ? count.GetInt64() : 0;
    }

    private async Task PutAsync(string path, object body)
    {
        using var response = await _http.PutAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();
}
