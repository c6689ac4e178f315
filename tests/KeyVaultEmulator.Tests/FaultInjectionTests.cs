using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure;
using Switchboard.KeyVaultEmulator.Tests.Infrastructure;

namespace Switchboard.KeyVaultEmulator.Tests;

/// <summary>Throttling and server errors injected through the admin API, each in a vault of the test's own.</summary>
public sealed class FaultInjectionTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Two_throttled_requests_are_retried_by_the_sdk_and_the_vault_counts_all_three()
    {
        var (name, vault) = await emulator.NewVaultAsync();
        await emulator.Admin.SetFaultsAsync(name, new { throttleNext = 2, retryAfterSeconds = 1 });

        await emulator.Client(vault).SetSecretAsync("after-throttling", "v");
        var stats = await emulator.Admin.StatsAsync(name);

        Assert.Equal(3, stats.GetProperty("operations").GetProperty("SetSecret").GetInt64());
        Assert.Equal(2, stats.GetProperty("throttled").GetInt64());
        Assert.Equal(2, stats.GetProperty("statusCodes").GetProperty("429").GetInt64());
        Assert.Equal(1, stats.GetProperty("statusCodes").GetProperty("200").GetInt64());
    }

    [Fact]
    public async Task A_throttled_request_answers_429_Throttled_with_Retry_After()
    {
        var (name, vault) = await emulator.NewVaultAsync();
        await emulator.Admin.SetFaultsAsync(name, new { throttleNext = 1, retryAfterSeconds = 7 });
        using var http = emulator.RawClient(vault);
        http.DefaultRequestHeaders.Authorization = new("Bearer", "token");

        using var throttled = await http.GetAsync("secrets?api-version=7.6");
        var body = await throttled.Content.ReadFromJsonAsync<JsonElement>();
        using var next = await http.GetAsync("secrets?api-version=7.6");

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), throttled.Headers.RetryAfter?.Delta);
        Assert.Equal("Throttled", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task A_vault_throttling_every_request_makes_the_sdk_give_up_with_Throttled()
    {
        var (name, vault) = await emulator.NewVaultAsync();
        await emulator.Admin.SetFaultsAsync(name, new { throttleRate = 1.0, retryAfterSeconds = 0 });

        var e = await Assert.ThrowsAsync<RequestFailedException>(() => emulator.Client(vault, maxRetries: 1).GetSecretAsync("any"));

        Assert.Equal((429, "Throttled"), (e.Status, e.ErrorCode));
        Assert.Equal(2, await emulator.Admin.OperationCountAsync(name, "GetSecret"));
    }

    [Fact]
    public async Task An_injected_server_error_is_retried_by_the_sdk()
    {
        var (name, vault) = await emulator.NewVaultAsync();
        await emulator.Admin.SetFaultsAsync(name, new { errorNext = 1 });

        await emulator.Client(vault).SetSecretAsync("after-error", "v");
        var stats = await emulator.Admin.StatsAsync(name);

        Assert.Equal(1, stats.GetProperty("injectedErrors").GetInt64());
        Assert.Equal(2, stats.GetProperty("operations").GetProperty("SetSecret").GetInt64());
    }

    [Fact]
    public async Task A_vault_failing_every_request_answers_500_InternalServerError()
    {
        var (name, vault) = await emulator.NewVaultAsync();
        await emulator.Admin.SetFaultsAsync(name, new { errorRate = 1.0 });

        var e = await Assert.ThrowsAsync<RequestFailedException>(() => emulator.Client(vault, maxRetries: 0).GetSecretAsync("any"));

        Assert.Equal((500, "InternalServerError"), (e.Status, e.ErrorCode));
    }

    [Fact]
    public async Task A_delayed_vault_still_answers()
    {
        var (name, vault) = await emulator.NewVaultAsync();
        await emulator.Admin.SetFaultsAsync(name, new { delayMs = 50 });

        var secret = await emulator.Client(vault).SetSecretAsync("slow", "v");

        Assert.Equal("v", secret.Value.Value);
    }

    [Theory]
    [InlineData("""{"throttleRate":1.5}""")]
    [InlineData("""{"errorRate":-0.1}""")]
    [InlineData("""{"throttleNext":-1}""")]
    public async Task Fault_settings_out_of_range_are_refused_with_400(string json)
    {
        var (name, _) = await emulator.NewVaultAsync();

        using var response = await emulator.Admin.Http.PutAsync($"admin/vaults/{name}/faults", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
