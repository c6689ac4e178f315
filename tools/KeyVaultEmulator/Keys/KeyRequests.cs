using System.Buffers.Text;
using System.Text.Json;
using Switchboard.KeyVaultEmulator.Secrets;

namespace Switchboard.KeyVaultEmulator.Keys;

/// <summary>Reads the bodies of create, update and wrap/unwrap, with the secrets routes' helpers.</summary>
internal static class KeyRequests
{
    public static async Task<KeyInput> ReadCreateAsync(HttpRequest request)
    {
        using var body = await SecretRequests.ReadObjectAsync(request);
        var root = body.RootElement;
        if (!root.TryGetProperty("kty", out var kty) || kty.ValueKind != JsonValueKind.String)
        {
            throw KeyRules.Bad("The request body must have a string 'kty'.");
        }
        KeyRules.CheckKty(kty.GetString()!);
        var size = 2048;
        if (root.TryGetProperty("key_size", out var sizeElement) && sizeElement.ValueKind != JsonValueKind.Null)
        {
            size = sizeElement.ValueKind == JsonValueKind.Number && sizeElement.TryGetInt32(out var n) ? n : throw KeyRules.Bad("'key_size' must be a number.");
        }
        KeyRules.CheckKeySize(size);
        var attributes = SecretRequests.Attributes(root);
        return new KeyInput(
            kty.GetString()!,
            size,
            Ops(root).Value ?? KeyRules.DefaultOps,
            SecretRequests.Tags(root).Value,
            SecretRequests.OptionalBool(attributes, "enabled").Value,
            SecretRequests.OptionalLong(attributes, "nbf").Value,
            SecretRequests.OptionalLong(attributes, "exp").Value);
    }

    public static async Task<KeyPatch> ReadUpdateAsync(HttpRequest request)
    {
        using var body = await SecretRequests.ReadObjectAsync(request);
        var root = body.RootElement;
        var attributes = SecretRequests.Attributes(root);
        return new KeyPatch(
            Ops(root),
            SecretRequests.Tags(root),
            SecretRequests.OptionalBool(attributes, "enabled"),
            SecretRequests.OptionalLong(attributes, "nbf"),
            SecretRequests.OptionalLong(attributes, "exp"));
    }

    /// <summary>A wrapkey or unwrapkey body: <c>{ "alg", "value": base64url }</c>.</summary>
    public static async Task<(string? Algorithm, byte[] Value)> ReadOperationAsync(HttpRequest request)
    {
        using var body = await SecretRequests.ReadObjectAsync(request);
        var root = body.RootElement;
        var algorithm = SecretRequests.OptionalString(root, "alg").Value;
        if (!root.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String)
        {
            throw KeyRules.Bad("The request body must have a base64url string 'value'.");
        }
        try
        {
            return (algorithm, Base64Url.DecodeFromChars(value.GetString()));
        }
        catch (FormatException)
        {
            throw KeyRules.Bad("'value' is not base64url.");
        }
    }

    private static Field<IReadOnlyList<string>?> Ops(JsonElement root) =>
        SecretRequests.Read<IReadOnlyList<string>?>(root, "key_ops", e =>
        {
            if (e.ValueKind != JsonValueKind.Array || e.EnumerateArray().Any(op => op.ValueKind != JsonValueKind.String))
            {
                throw KeyRules.Bad("'key_ops' must be an array of strings.");
            }
            var ops = e.EnumerateArray().Select(op => op.GetString()!).Distinct(StringComparer.Ordinal).ToList();
            KeyRules.CheckOps(ops);
            return ops;
        });
}
