using Azure;
using Switchboard.KeyVaultEmulator.Tests.Infrastructure;

namespace Switchboard.KeyVaultEmulator.Tests;

/// <summary>A vault can refuse access (403 ForbiddenByPolicy), as while a role assignment propagates.</summary>
public sealed class AccessRuleTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_forbidden_vault_answers_403_ForbiddenByPolicy_until_access_is_restored()
    {
        var (name, vault) = await emulator.NewVaultAsync();
        var client = emulator.Client(vault);
        await emulator.Admin.SetAccessAsync(name, new { forbidden = true });

        var first = await Assert.ThrowsAsync<RequestFailedException>(() => client.SetSecretAsync("s", "v"));
        var second = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync("s"));
        await emulator.Admin.SetAccessAsync(name, new { forbidden = false });
        var allowed = await client.SetSecretAsync("s", "v");

        Assert.Equal((403, "Forbidden", "ForbiddenByPolicy"), (first.Status, first.ErrorCode, ErrorBodies.InnerCode(first)));
        Assert.Equal(403, second.Status);
        Assert.Equal("v", allowed.Value.Value);
    }

    [Fact]
    public async Task A_vault_forbidden_for_three_requests_refuses_exactly_three_then_answers()
    {
        var (name, vault) = await emulator.NewVaultAsync();
        var client = emulator.Client(vault);
        await emulator.Admin.SetAccessAsync(name, new { forbiddenForRequests = 3 });

        var outcomes = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            try
            {
                await client.SetSecretAsync("eventually", "v");
                outcomes.Add(200);
            }
            catch (RequestFailedException e)
            {
                outcomes.Add(e.Status);
            }
        }

        Assert.Equal([403, 403, 403, 200], outcomes);
        Assert.Equal(3, (await emulator.Admin.StatsAsync(name)).GetProperty("forbidden").GetInt64());
    }

    [Fact]
    public async Task The_inner_code_of_the_refusal_can_be_set_to_ForbiddenByRbac()
    {
        var (name, vault) = await emulator.NewVaultAsync();
        await emulator.Admin.SetAccessAsync(name, new { forbidden = true, innerCode = "ForbiddenByRbac" });

        var e = await Assert.ThrowsAsync<RequestFailedException>(() => emulator.Client(vault).GetSecretAsync("s"));

        Assert.Equal("ForbiddenByRbac", ErrorBodies.InnerCode(e));
    }
}
