using System.Buffers.Text;
using Microsoft.AspNetCore.Mvc;
using Switchboard.KeyVaultEmulator.Errors;
using Switchboard.KeyVaultEmulator.Pipeline;
using Switchboard.KeyVaultEmulator.Secrets;
using Switchboard.KeyVaultEmulator.Vaults;

namespace Switchboard.KeyVaultEmulator.Keys;

/// <summary>
/// The Key Vault keys routes the emulator serves: RSA keys, their versions and soft deletion, and
/// wrapkey/unwrapkey. The version segment of the cryptographic routes may be left out (latest).
/// </summary>
internal static class KeyEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/keys/{name}/create", CreateAsync).WithMetadata(new VaultOperation("CreateKey", "keys create"));
        app.MapGet("/keys", List).WithMetadata(new VaultOperation("GetKeys", "keys list"));
        app.MapGet("/keys/{name}/versions", ListVersions).WithMetadata(new VaultOperation("GetKeyVersions", "keys list"));
        app.MapGet("/keys/{name}/{version?}", Get).WithMetadata(new VaultOperation("GetKey", "keys get"));
        app.MapPatch("/keys/{name}/{version?}", UpdateAsync).WithMetadata(new VaultOperation("UpdateKey", "keys update"));
        app.MapDelete("/keys/{name}", Delete).WithMetadata(new VaultOperation("DeleteKey", "keys delete"));
        foreach (var route in new[] { "/keys/{name}/{version}/wrapkey", "/keys/{name}/wrapkey" })
        {
            app.MapPost(route, WrapAsync).WithMetadata(new VaultOperation("WrapKey", "keys wrapKey"));
        }
        foreach (var route in new[] { "/keys/{name}/{version}/unwrapkey", "/keys/{name}/unwrapkey" })
        {
            app.MapPost(route, UnwrapAsync).WithMetadata(new VaultOperation("UnwrapKey", "keys unwrapKey"));
        }
        app.MapGet("/deletedkeys", ListDeleted).WithMetadata(new VaultOperation("GetDeletedKeys", "keys list"));
        app.MapGet("/deletedkeys/{name}", GetDeleted).WithMetadata(new VaultOperation("GetDeletedKey", "keys get"));
        app.MapDelete("/deletedkeys/{name}", Purge).WithMetadata(new VaultOperation("PurgeDeletedKey", "keys purge"));
        app.MapPost("/deletedkeys/{name}/recover", Recover).WithMetadata(new VaultOperation("RecoverDeletedKey", "keys recover"));
    }

    private static async Task<IResult> CreateAsync(string name, HttpRequest request, [FromServices] Vault vault)
    {
        KeyRules.CheckName(name);
        var input = await KeyRequests.ReadCreateAsync(request);
        return Json(KeyBundles.Bundle(vault, vault.Keys.Create(name, input)));
    }

    private static IResult Get(string name, string? version, [FromServices] Vault vault)
    {
        KeyRules.CheckName(name);
        return Json(KeyBundles.Bundle(vault, vault.Keys.Get(name, version)));
    }

    private static IResult List(HttpRequest request, [FromServices] Vault vault)
    {
        var (after, size) = Paging.Request(request);
        var page = vault.Keys.List(after, size);
        return Json(new KeyListJson(page.Items.Select(v => KeyBundles.Item(vault, v, withVersion: false)).ToList(), Paging.NextLink(request, vault, page, size)));
    }

    private static IResult ListVersions(string name, HttpRequest request, [FromServices] Vault vault)
    {
        KeyRules.CheckName(name);
        var (after, size) = Paging.Request(request);
        var page = vault.Keys.ListVersions(name, after, size);
        return Json(new KeyListJson(page.Items.Select(v => KeyBundles.Item(vault, v, withVersion: true)).ToList(), Paging.NextLink(request, vault, page, size)));
    }

    private static async Task<IResult> UpdateAsync(string name, string? version, HttpRequest request, [FromServices] Vault vault)
    {
        KeyRules.CheckName(name);
        var patch = await KeyRequests.ReadUpdateAsync(request);
        return Json(KeyBundles.Bundle(vault, vault.Keys.Update(name, version, patch)));
    }

    private static IResult Delete(string name, [FromServices] Vault vault)
    {
        KeyRules.CheckName(name);
        return Json(KeyBundles.Bundle(vault, vault.Keys.Delete(name, vault.Settings.RecoverableDays)));
    }

    private static Task<IResult> WrapAsync(string name, string? version, HttpRequest request, [FromServices] Vault vault) =>
        OperateAsync(name, version, request, vault, KeyRules.WrapKey, KeyMaterial.Wrap);

    private static Task<IResult> UnwrapAsync(string name, string? version, HttpRequest request, [FromServices] Vault vault) =>
        OperateAsync(name, version, request, vault, KeyRules.UnwrapKey, KeyMaterial.Unwrap);

    private static async Task<IResult> OperateAsync(
        string name, string? version, HttpRequest request, Vault vault, string operation, Func<KeyVersion, string?, byte[], byte[]> apply)
    {
        KeyRules.CheckName(name);
        var (algorithm, value) = await KeyRequests.ReadOperationAsync(request);
        var view = vault.Keys.Get(name, version);
        var key = view.Version;
        if (!key.Enabled)
        {
            throw new KeyVaultErrorException(KeyVaultErrors.KeyDisabled(operation));
        }
        if (!key.KeyOps.Contains(operation))
        {
            throw new KeyVaultErrorException(KeyVaultErrors.KeyOperationNotPermitted(operation));
        }
        // An expired key still unwraps what it wrapped, as the service allows; it wraps nothing new.
        var now = vault.Clock.GetUtcNow().ToUnixTimeSeconds();
        if (operation == KeyRules.WrapKey && (key.NotBefore > now || key.Expires <= now))
        {
            throw new KeyVaultErrorException(KeyVaultErrors.KeyNotValidNow(operation));
        }
        return Json(new KeyOperationJson(KeyBundles.Id(vault, view), Base64Url.EncodeToString(apply(key, algorithm, value))));
    }

    private static IResult ListDeleted(HttpRequest request, [FromServices] Vault vault)
    {
        var (after, size) = Paging.Request(request);
        var page = vault.Keys.ListDeleted(after, size);
        return Json(new KeyListJson(page.Items.Select(v => KeyBundles.Item(vault, v, withVersion: false)).ToList(), Paging.NextLink(request, vault, page, size)));
    }

    private static IResult GetDeleted(string name, [FromServices] Vault vault)
    {
        KeyRules.CheckName(name);
        return Json(KeyBundles.Bundle(vault, vault.Keys.GetDeleted(name)));
    }

    private static IResult Purge(string name, [FromServices] Vault vault)
    {
        KeyRules.CheckName(name);
        if (vault.Settings.PurgeProtection)
        {
            vault.Keys.GetDeleted(name);
            throw new KeyVaultErrorException(KeyVaultErrors.PurgeProtected(vault.Name));
        }
        vault.Keys.Purge(name);
        return Results.NoContent();
    }

    private static IResult Recover(string name, [FromServices] Vault vault)
    {
        KeyRules.CheckName(name);
        return Json(KeyBundles.Bundle(vault, vault.Keys.Recover(name)));
    }

    private static IResult Json(object body) => Results.Json(body, EmulatorJson.Options);
}
