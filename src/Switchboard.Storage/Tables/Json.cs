using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.Storage.Tables;

/// <summary>Nested values (settings, metadata, policies) are stored as JSON text in one column each.</summary>
internal static class Json
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string? text, T fallback) =>
        string.IsNullOrEmpty(text) ? fallback : JsonSerializer.Deserialize<T>(text, Options) ?? fallback;
}
