using System.Buffers.Text;
using System.Text.Json.Serialization;
using Switchboard.KeyVaultEmulator.Vaults;

namespace Switchboard.KeyVaultEmulator.Keys;

/// <summary>
/// The JSON the service answers for a key. One shape covers KeyBundle, KeyItem and their deleted
/// forms: a bundle has <c>key</c>, an item has <c>kid</c>; fields a form lacks are null and left out.
/// </summary>
internal sealed record KeyJson(
    JsonWebKeyJson? Key,
    string? Kid,
    KeyAttributesJson Attributes,
    IReadOnlyDictionary<string, string>? Tags,
    string? RecoveryId,
    long? DeletedDate,
    long? ScheduledPurgeDate);

/// <summary>The public part of the key as a JSON Web Key (RFC 7517), base64url without padding.</summary>
internal sealed record JsonWebKeyJson(
    string Kid,
    string Kty,
    [property: JsonPropertyName("key_ops")] IReadOnlyList<string> KeyOps,
    string N,
    string E);

internal sealed record KeyAttributesJson(
    bool Enabled,
    long? Nbf,
    long? Exp,
    long Created,
    long Updated,
    int RecoverableDays,
    string RecoveryLevel,
    bool Exportable);

internal sealed record KeyListJson(IReadOnlyList<KeyJson> Value, string? NextLink);

/// <summary>The answer of wrapkey and unwrapkey: the id of the key version used, and the result.</summary>
internal sealed record KeyOperationJson(string Kid, string Value);

internal static class KeyBundles
{
    public static string Id(Vault vault, KeyView view, bool withVersion = true) =>
        $"{vault.Uri}keys/{view.Name}" + (withVersion ? $"/{view.Version.Version}" : "");

    /// <summary>A full bundle with the JSON Web Key.</summary>
    public static KeyJson Bundle(Vault vault, KeyView view)
    {
        var v = view.Version;
        var key = new JsonWebKeyJson(Id(vault, view), v.Kty, v.KeyOps, Base64Url.EncodeToString(v.N), Base64Url.EncodeToString(v.E));
        return Build(vault, view, key, kid: null);
    }

    /// <summary>A list item: <c>kid</c> without version in <c>GET /keys</c>, with it in the versions list.</summary>
    public static KeyJson Item(Vault vault, KeyView view, bool withVersion) => Build(vault, view, key: null, Id(vault, view, withVersion));

    private static KeyJson Build(Vault vault, KeyView view, JsonWebKeyJson? key, string? kid)
    {
        var settings = vault.Settings;
        var v = view.Version;
        return new KeyJson(
            key,
            kid,
            new KeyAttributesJson(v.Enabled, v.NotBefore, v.Expires, v.Created, v.Updated, settings.RecoverableDays, settings.RecoveryLevel, Exportable: false),
            v.Tags,
            view.Deletion is null ? null : $"{vault.Uri}deletedkeys/{view.Name}",
            view.Deletion?.DeletedDate,
            view.Deletion?.ScheduledPurgeDate);
    }
}
