using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Switchboard.Core.Errors;
using Switchboard.Core.Expiry;
using Switchboard.Api.Access;
using Switchboard.Api.Api;

namespace Switchboard.Api.Events;

/// <summary>
/// <c>/api/events/keyvault</c>: the Event Grid webhook for Key Vault events, in the Event Grid schema (with its
/// SubscriptionValidation handshake) or CloudEvents 1.0 (with the OPTIONS handshake). Authenticated by a key in
/// the subscription's URL (<c>?code=</c>) or an Entra ID token (Event Grid's secure webhook delivery).
/// </summary>
public static class KeyVaultEventsApi
{
    public const string Path = "/api/events/keyvault";
    private const string EventGridRole = "AzureEventGridSecureWebhookSubscriber";

    public static void MapKeyVaultEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, [HttpMethods.Options], HandshakeAsync).AllowAnonymous().WithTags("Events")
            .WithName("ConfirmKeyVaultEventsDelivery").WithSummary("CloudEvents webhook validation handshake");
        app.MapPost(Path, ReceiveAsync).AllowAnonymous().WithTags("Events").WithName("ReceiveKeyVaultEvents")
            .WithSummary("Event Grid webhook for Key Vault secret events");
    }

    /// <summary>CloudEvents abuse protection: the subscriber confirms it accepts deliveries from that origin.</summary>
    private static async Task<IResult> HandshakeAsync(HttpContext http, IOptions<EventsOptions> options)
    {
        await AuthenticateAsync(http, options.Value);
        var origin = http.Request.Headers["WebHook-Request-Origin"].ToString();
        http.Response.Headers["WebHook-Allowed-Origin"] = origin.Length > 0 ? origin : "*";
        http.Response.Headers["WebHook-Allowed-Rate"] = "*";
        http.Response.Headers.Allow = "POST, OPTIONS";
        return Results.Ok();
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, IOptions<EventsOptions> options, KeyVaultEvents events, ILogger<KeyVaultEvents> logger, CancellationToken ct)
    {
        await AuthenticateAsync(http, options.Value);
        var body = await JsonBody.ReadNodeAsync(http.Request, allowCloudEvents: true);
        var items = body is JsonArray array ? array.OfType<JsonObject>().ToList() : body is JsonObject single ? [single] : [];

        if (items.FirstOrDefault() is { } first && Type(first) == "Microsoft.EventGrid.SubscriptionValidationEvent")
        {
            var code = first["data"]?["validationCode"]?.GetValue<string>()
                ?? throw SwitchboardException.Validation("data.validationCode", "The validation event has no code.");
            return Results.Ok(new { validationResponse = code });
        }

        var handled = 0;
        foreach (var item in items)
        {
            var e = Parse(item);
            if (await events.HandleAsync(e, ct))
            {
                handled++;
            }
        }
        logger.LogInformation("Key Vault events: {Received} received, {Handled} about Switchboard's connections", items.Count, handled);
        return Results.Ok(new { received = items.Count, handled });
    }

    // Event Grid schema: eventType, subject, data; CloudEvents: type, subject, data. Data keys as Key Vault sends them.
    private static KeyVaultEvent Parse(JsonObject item)
    {
        var data = item["data"] as JsonObject ?? [];
        var kind = Type(item) switch
        {
            "Microsoft.KeyVault.SecretNearExpiry" => KeyVaultEventKind.SecretNearExpiry,
            "Microsoft.KeyVault.SecretExpired" => KeyVaultEventKind.SecretExpired,
            "Microsoft.KeyVault.SecretNewVersionCreated" => KeyVaultEventKind.SecretNewVersionCreated,
            _ => KeyVaultEventKind.Other,
        };
        var name = Text(data, "ObjectName") ?? item["subject"]?.ToString() ?? "";
        return new KeyVaultEvent(kind, name, Text(data, "Version"), UnixTime(data, "EXP"));
    }

    private static string? Type(JsonObject item) => (item["eventType"] ?? item["type"])?.ToString();

    private static string? Text(JsonObject data, string key) =>
        data.FirstOrDefault(p => p.Key.Equals(key, StringComparison.OrdinalIgnoreCase)).Value?.ToString();

    // NBF and EXP are Unix seconds, as numbers in the reference and as strings in samples: both are read.
    private static DateTimeOffset? UnixTime(JsonObject data, string key) =>
        Text(data, key) is { Length: > 0 } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
            : null;

    private static async Task AuthenticateAsync(HttpContext http, EventsOptions options)
    {
        var code = http.Request.Query["code"].ToString();
        if (options.Key is { Length: > 0 } key && code.Length > 0
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(code)), SHA256.HashData(Encoding.UTF8.GetBytes(key))))
        {
            return;
        }
        var result = await http.AuthenticateAsync();
        if (result.Succeeded && result.Principal.FindAll("roles").Any(r => r.Value is EventGridRole or "Administrator"))
        {
            return;
        }
        throw new SwitchboardException(ErrorCode.Unauthorized, "Key Vault events need the subscription's key (?code=) or an Event Grid token.");
    }
}

/// <summary>How Event Grid authenticates to Switchboard.</summary>
public sealed class EventsOptions
{
    public const string Section = "Switchboard:Events";

    /// <summary>The key Event Grid sends as <c>?code=</c> in the subscription's URL. Unset: tokens only.</summary>
    public string? Key { get; set; }
}
