using Switchboard.KeyVaultEmulator.Vaults;

namespace Switchboard.KeyVaultEmulator.Secrets;

/// <summary>
/// The JSON the service answers for a secret. One shape covers SecretBundle, SecretItem and their
/// deleted forms: fields a form lacks are null and so left out.
/// </summary>
internal sealed record SecretJson(
    string? Value,
    string Id,
    string? ContentType,
    SecretAttributesJson Attributes,
    IReadOnlyDictionary<string, string>? Tags,
    string? RecoveryId,
    long? DeletedDate,
    long? ScheduledPurgeDate);

internal sealed record SecretAttributesJson(
    bool Enabled,
    long? Nbf,
    long? Exp,
    long Created,
    long Updated,
    int RecoverableDays,
    string RecoveryLevel);

internal sealed record SecretListJson(IReadOnlyList<SecretJson> Value, string? NextLink);

internal static class SecretBundles
{
    /// <summary>A full bundle: id with version; the value only where the service returns it (set and get).</summary>
    public static SecretJson Bundle(Vault vault, SecretView view, bool withValue) =>
        Build(vault, view, withValue, withVersion: true);

    /// <summary>A list item of <c>GET /secrets</c>: no value, and an id without version.</summary>
    public static SecretJson Item(Vault vault, SecretView view) => Build(vault, view, withValue: false, withVersion: false);

    /// <summary>A list item of <c>GET /secrets/{name}/versions</c>: no value, id with version.</summary>
    public static SecretJson VersionItem(Vault vault, SecretView view) => Build(vault, view, withValue: false, withVersion: true);

    private static SecretJson Build(Vault vault, SecretView view, bool withValue, bool withVersion)
    {
        var settings = vault.Settings;
        var v = view.Version;
        var id = $"{vault.Uri}secrets/{view.Name}" + (withVersion ? $"/{v.Version}" : "");
        return new SecretJson(
            withValue ? v.Value : null,
            id,
            v.ContentType,
            new SecretAttributesJson(v.Enabled, v.NotBefore, v.Expires, v.Created, v.Updated, settings.RecoverableDays, settings.RecoveryLevel),
            v.Tags,
            view.Deletion is null ? null : $"{vault.Uri}deletedsecrets/{view.Name}",
            view.Deletion?.DeletedDate,
            view.Deletion?.ScheduledPurgeDate);
    }
}
