using System.Net;
using Switchboard.KeyVaultEmulator.Tests.Infrastructure;

namespace Switchboard.KeyVaultEmulator.Tests;

/// <summary>The access rule, fault injection and counters apply to the keys routes as to the secrets routes.</summary>
public sealed class KeyAccessAndFaultTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_forbidden_vault_refuses_key_operations_with_403_ForbiddenByPolicy_naming_the_keys_permission()
    {
        var (name, vault) = await emulator.NewVaultAsync();
        using var keys = KeysApi.For(emulator, vault);
        var (_, bundle) = await keys.CreateRsaAsync("cmk");
        await emulator.Admin.SetAccessAsync(name, new { forbidden = true });

        var (status, body) = await keys.WrapAsync(KeysApi.VersionPath(bundle), [1]);
        var (getStatus, _) = await keys.GetAsync("keys/cmk");
        await emulator.Admin.SetAccessAsync(name, new { forbidden = false });
        var (allowed, _) = await keys.WrapAsync(KeysApi.VersionPath(bundle), [1]);

        Assert.Equal((HttpStatusCode.Forbidden, "Forbidden"), (status, KeysApi.ErrorCode(body)));
        Assert.Equal("ForbiddenByPolicy", body.GetProperty("error").GetProperty("innererror").GetProperty("code").GetString());
        Assert.Contains("keys wrapKey permission", body.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, getStatus);
        Assert.Equal(HttpStatusCode.OK, allowed);
    }

    [Fact]
    public async Task Injected_throttling_and_server_errors_hit_key_operations_and_are_counted_by_operation()
    {
        var (name, vault) = await emulator.NewVaultAsync();
        using var keys = KeysApi.For(emulator, vault);
        var (_, bundle) = await keys.CreateRsaAsync("cmk");
        await emulator.Admin.SetFaultsAsync(name, new { throttleNext = 1, errorNext = 1, retryAfterSeconds = 3 });

        var (throttled, throttledBody) = await keys.UnwrapAsync(KeysApi.VersionPath(bundle), "AA");
        var (failed, _) = await keys.GetAsync("keys/cmk");
        var (ok, _) = await keys.GetAsync("keys/cmk");

        Assert.Equal((HttpStatusCode.TooManyRequests, "Throttled"), (throttled, KeysApi.ErrorCode(throttledBody)));
        Assert.Equal(HttpStatusCode.InternalServerError, failed);
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal(1, await emulator.Admin.OperationCountAsync(name, "UnwrapKey"));
        Assert.Equal(2, await emulator.Admin.OperationCountAsync(name, "GetKey"));
        Assert.Equal(1, await emulator.Admin.OperationCountAsync(name, "CreateKey"));
    }

    [Fact]
    public async Task A_delay_slows_key_operations()
    {
        var (name, vault) = await emulator.NewVaultAsync();
        using var keys = KeysApi.For(emulator, vault);
        await keys.CreateRsaAsync("cmk");
        await emulator.Admin.SetFaultsAsync(name, new { delayMs = 300 });

        var started = System.Diagnostics.Stopwatch.StartNew();
        var (status, _) = await keys.GetAsync("keys/cmk");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(started.ElapsedMilliseconds >= 280, $"took {started.ElapsedMilliseconds} ms");
    }
}
