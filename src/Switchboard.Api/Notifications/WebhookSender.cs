using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Switchboard.Core.Connections;
using Switchboard.Core.Notifications;
using Switchboard.Core.Ports;

namespace Switchboard.Api.Notifications;

/// <summary>
/// POSTs a CloudEvent (structured mode) signed with the subscription's secret:
/// <c>x-switchboard-signature: sha256=hex(HMAC-SHA256(secret, "{timestamp}.{body}"))</c> and
/// <c>x-switchboard-timestamp</c> (Unix seconds), so a receiver can check origin and freshness.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory http, ISecretStore secrets, SecretVault vaults, TimeProvider clock) : IWebhookSender
{
    public const string HttpClientName = "webhooks";

    public async Task<WebhookResult> SendAsync(Subscription subscription, string cloudEventJson, CancellationToken ct)
    {
        var secret = (await secrets.GetAsync(vaults.ManagedVault, subscription.SecretName, subscription.SecretVersion, ct))["secret"];
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{cloudEventJson}")));
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(cloudEventJson, Encoding.UTF8, "application/cloudevents+json"),
        };
        request.Headers.Add("x-switchboard-timestamp", timestamp);
        request.Headers.Add("x-switchboard-signature", "sha256=" + signature);
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, ct);
            return response.IsSuccessStatusCode
                ? new WebhookResult(true, (int)response.StatusCode, $"Delivered ({(int)response.StatusCode}).")
                : new WebhookResult(false, (int)response.StatusCode, $"The receiver answered {(int)response.StatusCode}.");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new WebhookResult(false, null, "The receiver could not be reached.");
        }
    }
}
