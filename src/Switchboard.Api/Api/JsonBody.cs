using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Switchboard.Core.Errors;

namespace Switchboard.Api.Api;

/// <summary>
/// Reads request bodies strictly: JSON only, bounded in size, unknown fields refused, wrong types reported
/// by field. Error messages name the field and never quote the body, which may hold a credential.
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 256 * 1024;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static async Task<T> ReadAsync<T>(HttpRequest request, bool allowMergePatch = false)
    {
        var node = await ReadNodeAsync(request, allowMergePatch);
        return Convert<T>(node);
    }

    /// <summary>An empty body reads as an empty object, for actions whose body is optional.</summary>
    public static async Task<T> ReadOptionalAsync<T>(HttpRequest request) where T : new() =>
        request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding"))
            ? new T()
            : await ReadAsync<T>(request);

    public static async Task<JsonNode> ReadNodeAsync(HttpRequest request, bool allowMergePatch = false, bool allowCloudEvents = false)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not ("application/json" or "text/json")
            && !(allowMergePatch && mediaType == "application/merge-patch+json")
            && !(allowCloudEvents && mediaType is "application/cloudevents+json" or "application/cloudevents-batch+json"))
        {
            throw new SwitchboardException(ErrorCode.UnsupportedMediaType,
                allowMergePatch ? "Send application/merge-patch+json or application/json." : "Send application/json.");
        }
        if (request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw TooLarge();
            }
            buffer.Write(chunk, 0, read);
        }
        try
        {
            return JsonNode.Parse(buffer.ToArray()) ?? throw NotAnObject();
        }
        catch (JsonException)
        {
            throw new SwitchboardException(ErrorCode.ValidationFailed, "The request body is not valid JSON.");
        }
    }

    public static T Convert<T>(JsonNode node)
    {
        if (node is not JsonObject)
        {
            throw NotAnObject();
        }
        try
        {
            return node.Deserialize<T>(Options) ?? throw NotAnObject();
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) ? "body" : e.Path.TrimStart('$', '.');
            var message = e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "Unknown field." : "Wrong type or format for this field.";
            throw new SwitchboardException(ErrorCode.ValidationFailed, $"The request body is not valid: {message}",
                new Dictionary<string, string[]> { [UnknownMember(e) ?? field] = [message] });
        }
    }

    // The serializer names an unmapped member in its message ("The JSON property 'x' could not be mapped...").
    private static string? UnknownMember(JsonException e)
    {
        const string marker = "The JSON property '";
        var start = e.Message.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }
        start += marker.Length;
        var end = e.Message.IndexOf('\'', start);
        return end > start ? e.Message[start..end] : null;
    }

    private static SwitchboardException TooLarge() =>
        new(ErrorCode.PayloadTooLarge, $"The request body is larger than {MaxBytes / 1024} KB.");

    private static SwitchboardException NotAnObject() =>
        new(ErrorCode.ValidationFailed, "The request body must be a JSON object.");
}
