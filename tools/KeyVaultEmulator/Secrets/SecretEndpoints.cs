using Microsoft.AspNetCore.Mvc;
using Switchboard.KeyVaultEmulator.Errors;
using Switchboard.KeyVaultEmulator.Pipeline;
using Switchboard.KeyVaultEmulator.Vaults;

namespace Switchboard.KeyVaultEmulator.Secrets;

/// <summary>
/// The Key Vault secrets routes. Any api-version is accepted. Routing tolerates a trailing slash,
/// which matters: the SDK asks for the latest version as <c>/secrets/{name}/</c>.
/// </summary>
internal static class SecretEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPut("/secrets/{name}", SetAsync).WithMetadata(new VaultOperation("SetSecret", "secrets set"));
        app.MapGet("/secrets", List).WithMetadata(new VaultOperation("GetSecrets", "secrets list"));
        app.MapGet("/secrets/{name}/versions", ListVersions).WithMetadata(new VaultOperation("GetSecretVersions", "secrets list"));
        app.MapGet("/secrets/{name}/{version?}", Get).WithMetadata(new VaultOperation("GetSecret", "secrets get"));
        app.MapPatch("/secrets/{name}/{version?}", UpdateAsync).WithMetadata(new VaultOperation("UpdateSecret", "secrets set"));
        app.MapDelete("/secrets/{name}", Delete).WithMetadata(new VaultOperation("DeleteSecret", "secrets delete"));
        app.MapGet("/deletedsecrets", ListDeleted).WithMetadata(new VaultOperation("GetDeletedSecrets", "secrets list"));
        app.MapGet("/deletedsecrets/{name}", GetDeleted).WithMetadata(new VaultOperation("GetDeletedSecret", "secrets get"));
        app.MapDelete("/deletedsecrets/{name}", Purge).WithMetadata(new VaultOperation("PurgeDeletedSecret", "secrets purge"));
        app.MapPost("/deletedsecrets/{name}/recover", Recover).WithMetadata(new VaultOperation("RecoverDeletedSecret", "secrets recover"));
    }

    private static async Task<IResult> SetAsync(string name, HttpRequest request, [FromServices] Vault vault)
    {
        SecretRules.CheckName(name);
        var input = await SecretRequests.ReadSetAsync(request);
        SecretRules.CheckValue(input.Value);
        SecretRules.CheckTags(input.Tags);
        return Json(SecretBundles.Bundle(vault, vault.Secrets.Set(name, input), withValue: true));
    }

    private static IResult Get(string name, string? version, [FromServices] Vault vault)
    {
        SecretRules.CheckName(name);
        var view = vault.Secrets.Get(name, version);
        // Only reading the value is refused; the listings still show a disabled version.
        if (!view.Version.Enabled)
        {
            throw new KeyVaultErrorException(KeyVaultErrors.SecretDisabled());
        }
        return Json(SecretBundles.Bundle(vault, view, withValue: true));
    }

    private static IResult List(HttpRequest request, [FromServices] Vault vault)
    {
        var (after, size) = Paging.Request(request);
        var page = vault.Secrets.List(after, size);
        return Json(new SecretListJson(page.Items.Select(v => SecretBundles.Item(vault, v)).ToList(), Paging.NextLink(request, vault, page, size)));
    }

    private static IResult ListVersions(string name, HttpRequest request, [FromServices] Vault vault)
    {
        SecretRules.CheckName(name);
        var (after, size) = Paging.Request(request);
        var page = vault.Secrets.ListVersions(name, after, size);
        return Json(new SecretListJson(page.Items.Select(v => SecretBundles.VersionItem(vault, v)).ToList(), Paging.NextLink(request, vault, page, size)));
    }

    // The service answers an update without the value.
    private static async Task<IResult> UpdateAsync(string name, string? version, HttpRequest request, [FromServices] Vault vault)
    {
        SecretRules.CheckName(name);
        var patch = await SecretRequests.ReadUpdateAsync(request);
        return Json(SecretBundles.Bundle(vault, vault.Secrets.Update(name, version, patch), withValue: false));
    }

    private static IResult Delete(string name, [FromServices] Vault vault)
    {
        SecretRules.CheckName(name);
        var view = vault.Secrets.Delete(name, vault.Settings.RecoverableDays);
        return Json(SecretBundles.Bundle(vault, view, withValue: false));
    }

    private static IResult ListDeleted(HttpRequest request, [FromServices] Vault vault)
    {
        var (after, size) = Paging.Request(request);
        var page = vault.Secrets.ListDeleted(after, size);
        return Json(new SecretListJson(page.Items.Select(v => SecretBundles.Item(vault, v)).ToList(), Paging.NextLink(request, vault, page, size)));
    }

    private static IResult GetDeleted(string name, [FromServices] Vault vault)
    {
        SecretRules.CheckName(name);
        return Json(SecretBundles.Bundle(vault, vault.Secrets.GetDeleted(name), withValue: false));
    }

    private static IResult Purge(string name, [FromServices] Vault vault)
    {
        SecretRules.CheckName(name);
        if (vault.Settings.PurgeProtection)
        {
            // Still 404 for a name that is not deleted at all, as the service checks that first.
            vault.Secrets.GetDeleted(name);
            throw new KeyVaultErrorException(KeyVaultErrors.PurgeProtected(vault.Name));
        }
        vault.Secrets.Purge(name);
        return Results.NoContent();
    }

    private static IResult Recover(string name, [FromServices] Vault vault)
    {
        SecretRules.CheckName(name);
        return Json(SecretBundles.Bundle(vault, vault.Secrets.Recover(name), withValue: false));
    }

    private static IResult Json(object body) => Results.Json(body, EmulatorJson.Options);
}
