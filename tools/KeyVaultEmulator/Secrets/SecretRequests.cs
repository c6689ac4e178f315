using System.Text.Json;
using Switchboard.KeyVaultEmulator.Errors;

namespace Switchboard.KeyVaultEmulator.Secrets;

/// <summary>
/// Reads PUT and PATCH bodies by hand rather than binding a class: a PATCH must tell a field that
/// is absent (keep it) from one that is null (clear it), and a malformed body must answer Key
/// Vault's 400 rather than ASP.NET Core's. The keys routes read their bodies with the same helpers.
/// </summary>
internal static class SecretRequests
{
    public static async Task<SecretInput> ReadSetAsync(HttpRequest request)
    {
        using var body = await ReadObjectAsync(request);
        var root = body.RootElement;
        if (!root.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String)
        {
            throw Bad("The request body must have a string 'value'.");
        }
        var attributes = Attributes(root);
        return new SecretInput(
            value.GetString()!,
            OptionalString(root, "contentType").Value,
            Tags(root).Value,
            OptionalBool(attributes, "enabled").Value,
            OptionalLong(attributes, "nbf").Value,
            OptionalLong(attributes, "exp").Value);
    }

    // A 'value' in a PATCH is ignored, as the service does: only properties change.
    public static async Task<SecretPatch> ReadUpdateAsync(HttpRequest request)
    {
        using var body = await ReadObjectAsync(request);
        var root = body.RootElement;
        var attributes = Attributes(root);
        return new SecretPatch(
            OptionalString(root, "contentType"),
            Tags(root),
            OptionalBool(attributes, "enabled"),
            OptionalLong(attributes, "nbf"),
            OptionalLong(attributes, "exp"));
    }

    internal static async Task<JsonDocument> ReadObjectAsync(HttpRequest request)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            throw Bad("The request body is not valid JSON.");
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw Bad("The request body must be a JSON object.");
        }
        return document;
    }

    internal static JsonElement? Attributes(JsonElement root) =>
        root.TryGetProperty("attributes", out var a) && a.ValueKind == JsonValueKind.Object ? a : null;

    internal static Field<string?> OptionalString(JsonElement root, string name) =>
        Read<string?>(root, name, e => e.ValueKind == JsonValueKind.String ? e.GetString() : throw Bad($"'{name}' must be a string."));

    internal static Field<bool?> OptionalBool(JsonElement? parent, string name) =>
        Read<bool?>(parent, name, e => e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : throw Bad($"'attributes.{name}' must be true or false."));

    internal static Field<long?> OptionalLong(JsonElement? parent, string name) =>
        Read<long?>(parent, name, e => e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var n) ? n : throw Bad($"'attributes.{name}' must be a whole number of Unix seconds."));

    internal static Field<IReadOnlyDictionary<string, string>?> Tags(JsonElement root) =>
        Read<IReadOnlyDictionary<string, string>?>(root, "tags", e =>
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                throw Bad("'tags' must be an object of strings.");
            }
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in e.EnumerateObject())
            {
                tags[tag.Name] = tag.Value.ValueKind == JsonValueKind.String ? tag.Value.GetString()! : throw Bad($"Tag '{tag.Name}' must be a string.");
            }
            SecretRules.CheckTags(tags);
            return tags;
        });

    internal static Field<T?> Read<T>(JsonElement? parent, string name, Func<JsonElement, T> convert)
    {
        if (parent is not { } p || !p.TryGetProperty(name, out var element))
        {
            return Field<T?>.Absent;
        }
        return new Field<T?>(true, element.ValueKind == JsonValueKind.Null ? default : convert(element));
    }

    internal static KeyVaultErrorException Bad(string message) => new(KeyVaultErrors.BadParameter(message));
}
