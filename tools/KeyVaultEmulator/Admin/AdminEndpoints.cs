using Microsoft.AspNetCore.Mvc;
using Switchboard.KeyVaultEmulator.Hosting;
using Switchboard.KeyVaultEmulator.Keys;
using Switchboard.KeyVaultEmulator.Pipeline;
using Switchboard.KeyVaultEmulator.Vaults;

namespace Switchboard.KeyVaultEmulator.Admin;

/// <summary>The admin routes: list and add vaults, turn their knobs, read their counters and contents.</summary>
internal static class AdminEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin");
        admin.MapGet("/endpoints", ([FromServices] KeyVaultEmulatorHost host) => Results.Ok(host.Endpoints));
        admin.MapGet("/vaults", ([FromServices] KeyVaultEmulatorHost host) =>
            Results.Ok(new { vaults = host.Vaults.Select(Summary) }));
        admin.MapPost("/vaults", CreateVaultAsync);
        admin.MapPost("/reset", ([FromServices] KeyVaultEmulatorHost host) =>
        {
            foreach (var vault in host.Vaults)
            {
                vault.Reset();
            }
            return Results.Ok(new { reset = host.Vaults.Select(v => v.Name) });
        });

        var vaults = admin.MapGroup("/vaults/{name}");
        vaults.MapGet("", (string name, [FromServices] KeyVaultEmulatorHost host) => WithVault(host, name, v => Results.Ok(Summary(v))));
        vaults.MapGet("/faults", (string name, [FromServices] KeyVaultEmulatorHost host) => WithVault(host, name, v => Results.Ok(v.Faults.Current)));
        vaults.MapPut("/faults", (string name, FaultsRequest body, [FromServices] KeyVaultEmulatorHost host) => WithVault(host, name, v => SetFaults(v, body)));
        vaults.MapGet("/access", (string name, [FromServices] KeyVaultEmulatorHost host) => WithVault(host, name, v => Results.Ok(v.Access.Current)));
        vaults.MapPut("/access", (string name, AccessRequest body, [FromServices] KeyVaultEmulatorHost host) => WithVault(host, name, v => SetAccess(v, body)));
        vaults.MapGet("/settings", (string name, [FromServices] KeyVaultEmulatorHost host) => WithVault(host, name, v => Results.Ok(v.Settings)));
        vaults.MapPut("/settings", (string name, SettingsRequest body, [FromServices] KeyVaultEmulatorHost host) => WithVault(host, name, v => SetSettings(v, body)));
        vaults.MapPost("/reset", (string name, [FromServices] KeyVaultEmulatorHost host) => WithVault(host, name, v =>
        {
            v.Reset();
            return Results.Ok(Summary(v));
        }));
        vaults.MapGet("/stats", (string name, [FromServices] KeyVaultEmulatorHost host) => WithVault(host, name, v => Results.Ok(v.Stats.Snapshot())));
        // A dev tool only: every value in the clear, for tests that look for a leaked credential.
        // Keys are listed without their private parts, which no test has reason to read.
        vaults.MapGet("/dump", (string name, [FromServices] KeyVaultEmulatorHost host) =>
            WithVault(host, name, v => Results.Ok(new { vault = v.Name, secrets = v.Secrets.Export(), keys = v.Keys.Export().Select(KeySummary) })));
    }

    private static async Task<IResult> CreateVaultAsync(CreateVaultRequest? body, [FromServices] KeyVaultEmulatorHost host, CancellationToken cancellationToken)
    {
        if (body?.Name is not { } name || !VaultRegistry.IsValidName(name))
        {
            return Bad("Give a vault 'name' of 1-63 characters of 0-9, a-z, A-Z and '-'.");
        }
        var days = body.RecoverableDays ?? VaultSettings.DefaultRecoverableDays;
        if (!VaultSettings.IsValidRecoverableDays(days))
        {
            return Bad($"recoverableDays must be {VaultSettings.MinRecoverableDays}-{VaultSettings.DefaultRecoverableDays}.");
        }
        if (body.Port is < 0 or > 65535)
        {
            return Bad("port must be 0-65535.");
        }
        if (host.Vaults.Any(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            return Results.Conflict(new AdminError($"A vault named '{name}' already exists."));
        }
        try
        {
            var vault = await host.AddVaultAsync(
                new VaultDefinition(name, body.Port ?? 0, new VaultSettings(body.PurgeProtection ?? false, days)), cancellationToken);
            return Results.Created($"/admin/vaults/{vault.Name}", new { name = vault.Name, uri = vault.Uri.ToString() });
        }
        catch (ArgumentException e)
        {
            // Lost a race with another request for the same name.
            return Results.Conflict(new AdminError(e.Message));
        }
        catch (IOException e)
        {
            return Results.Conflict(new AdminError($"Could not listen on port {body.Port}: {e.Message}"));
        }
    }

    private static IResult SetFaults(Vault vault, FaultsRequest body)
    {
        var settings = new FaultSettings(
            body.ThrottleRate ?? 0, body.RetryAfterSeconds ?? 1, body.ErrorRate ?? 0,
            body.DelayMs ?? 0, body.ThrottleNext ?? 0, body.ErrorNext ?? 0);
        if (settings.Validate() is { } problem)
        {
            return Bad(problem);
        }
        vault.Faults.Configure(settings);
        return Results.Ok(settings);
    }

    private static IResult SetAccess(Vault vault, AccessRequest body)
    {
        if (body.Forbidden is null && body.ForbiddenUntil is null && body.ForbiddenForRequests is null)
        {
            return Bad("Give 'forbidden', 'forbiddenUntil' or 'forbiddenForRequests'.");
        }
        if (body.ForbiddenForRequests is < 0)
        {
            return Bad("forbiddenForRequests must not be negative.");
        }
        var settings = new AccessSettings(
            body.Forbidden ?? false, body.ForbiddenUntil, body.ForbiddenForRequests ?? 0,
            string.IsNullOrWhiteSpace(body.InnerCode) ? AccessSettings.DefaultInnerCode : body.InnerCode);
        vault.Access.Configure(settings);
        return Results.Ok(settings);
    }

    private static IResult SetSettings(Vault vault, SettingsRequest body)
    {
        var current = vault.Settings;
        var updated = new VaultSettings(body.PurgeProtection ?? current.PurgeProtection, body.RecoverableDays ?? current.RecoverableDays);
        if (!VaultSettings.IsValidRecoverableDays(updated.RecoverableDays))
        {
            return Bad($"recoverableDays must be {VaultSettings.MinRecoverableDays}-{VaultSettings.DefaultRecoverableDays}.");
        }
        vault.Settings = updated;
        return Results.Ok(updated);
    }

    private static IResult WithVault(KeyVaultEmulatorHost host, string name, Func<Vault, IResult> action)
    {
        var vault = host.Vaults.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));
        return vault is null ? Results.NotFound(new AdminError($"There is no vault named '{name}'.")) : action(vault);
    }

    private static VaultSummary Summary(Vault v) =>
        new(v.Name, v.Uri.ToString(), v.Settings.PurgeProtection, v.Settings.RecoverableDays, v.Settings.RecoveryLevel);

    private static object KeySummary(KeyHistory key) => new
    {
        name = key.Name,
        deletion = key.Deletion,
        versions = key.Versions.Select(v => new { version = v.Version, kty = v.Kty, keySize = v.KeySize, keyOps = v.KeyOps, enabled = v.Enabled }),
    };

    private static IResult Bad(string message) => Results.BadRequest(new AdminError(message));
}
