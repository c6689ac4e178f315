using System.Net;
using System.Text;
using Switchboard.Api.Tests.Hosting;
using Switchboard.Api.Tests.Registry;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Expiry;

/// <summary>Key Vault events as Event Grid delivers them, in both schemas, with payloads shaped like the documentation's.</summary>
public class KeyVaultEventTests(IsolatedStorage storage) : RegistryTestBase(storage)
{
    private const string EventKey = "event-grid-subscription-key-1";

    protected override string? AdminKey => "admin-key-for-event-tests";

    protected override void Configure(SwitchboardApplication app) => app.With("Switchboard:Events:Key", EventKey);

    private async Task<HttpResponseMessage> PostAsync(string body, string contentType = "application/json", string? eventType = "Notification", string? code = EventKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events/keyvault" + (code is null ? "" : "?code=" + code))
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        if (eventType is not null)
        {
            request.Headers.Add("aeg-event-type", eventType);
        }
        // Event Grid sends no API key and no bearer token: only the code in its URL.
        return await App.CreateClient().SendAsync(request);
    }

    private static string EventGridEvent(string type, string secret, string version, string exp) => $$"""
        [{
          "id": "{{Guid.NewGuid()}}",
          "topic": "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/sample-kv",
          "subject": "{{secret}}",
          "eventType": "{{type}}",
          "eventTime": "2026-11-24T12:00:00.0000000Z",
          "data": {
            "Id": "https://sample-kv.vault.azure.net/secrets/{{secret}}/{{version}}",
            "VaultName": "sample-kv",
            "ObjectType": "Secret",
            "ObjectName": "{{secret}}",
            "Version": "{{version}}",
            "NBF": {{exp}},
            "EXP": {{exp}}
          },
          "dataVersion": "1",
          "metadataVersion": "1"
        }]
        """;

    private static string CloudEvent(string type, string secret, string version, string exp) => $$"""
        {
          "specversion": "1.0",
          "id": "{{Guid.NewGuid()}}",
          "source": "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/sample-kv",
          "subject": "{{secret}}",
          "type": "{{type}}",
          "time": "2026-11-24T12:00:00Z",
          "data": { "Id": "https://sample-kv.vault.azure.net/secrets/{{secret}}/{{version}}", "VaultName": "sample-kv",
                    "ObjectType": "Secret", "ObjectName": "{{secret}}", "Version": "{{version}}", "NBF": {{exp}}, "EXP": {{exp}} }
        }
        """;

    private async Task<(string Hub, string Secret, string Version)> OwnedConnectionAsync(string alias)
    {
        var hub = await Api.CreateHubAsync();
        var created = await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI(alias));
        return (hub, $"sb-{hub}-{created.GetProperty("id").GetString()}", created.GetProperty("secretVersion").GetString()!);
    }

    private async Task<List<string?>> ActionsAsync(string hub) =>
        [.. (await Api.GetJsonAsync($"/api/hubs/{hub}/audit")).GetProperty("value").EnumerateArray().Select(e => e.GetProperty("action").GetString())];

    [Fact]
    public async Task TheEventGridValidationHandshakeEchoesTheCode()
    {
        var response = await PostAsync("""
            [{ "id": "2d1781af-3a4c-4d7c-bd0c-e34b19da4e66", "topic": "/subscriptions/xx/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv",
               "subject": "", "data": { "validationCode": "512d38b6-c7b8-40c8-89fe-f46f9e9622b6",
               "validationUrl": "https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/estest/validate?id=512d38b6" },
               "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent", "eventTime": "2018-01-25T22:12:19.4556811Z",
               "metadataVersion": "1", "dataVersion": "1" }]
            """, eventType: "SubscriptionValidation");

        var body = await ApiClient.Expect(response, HttpStatusCode.OK);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", body.GetProperty("validationResponse").GetString());
    }

    [Fact]
    public async Task TheCloudEventsHandshakeAllowsTheOrigin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/events/keyvault?code=" + EventKey);
        request.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");

        var response = await App.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("eventgrid.azure.net", response.Headers.GetValues("WebHook-Allowed-Origin").Single());
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("1795561200")]
    [InlineData("\"1795561200\"")]
    public async Task SecretNearExpiryInTheEventGridSchemaWarnsTheConnection(string exp)
    {
        var (hub, secret, version) = await OwnedConnectionAsync("near");

        var response = await PostAsync(EventGridEvent("Microsoft.KeyVault.SecretNearExpiry", secret, version, exp));

        Assert.Equal(1, (await ApiClient.Expect(response, HttpStatusCode.OK)).GetProperty("handled").GetInt32());
        Assert.Contains("connection.expiring", await ActionsAsync(hub));
    }

    [Theory]
    [InlineData("1795561200.0")]
    [InlineData("\"1795561200\"")]
    public async Task SecretExpiredAsACloudEventMarksTheConnectionExpired(string exp)
    {
        var (hub, secret, version) = await OwnedConnectionAsync("gone");

        var response = await PostAsync(CloudEvent("Microsoft.KeyVault.SecretExpired", secret, version, exp), "application/cloudevents+json", eventType: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("connection.expired", await ActionsAsync(hub));

    }

    [Fact]
    public async Task EventsForOtherSecretsOrOldVersionsAreAcknowledgedAndIgnored()
    {
        var (hub, secret, _) = await OwnedConnectionAsync("quiet");

        var foreign = await PostAsync(EventGridEvent("Microsoft.KeyVault.SecretNearExpiry", "somebody-elses-secret", "abc", "1795561200"));
        var oldVersion = await PostAsync(EventGridEvent("Microsoft.KeyVault.SecretNearExpiry", secret, "00000000000000000000000000000000", "1795561200"));
        var otherType = await PostAsync(EventGridEvent("Microsoft.KeyVault.CertificateNearExpiry", secret, "x", "1795561200"));

        foreach (var response in new[] { foreign, oldVersion, otherType })
        {
            Assert.Equal(0, (await ApiClient.Expect(response, HttpStatusCode.OK)).GetProperty("handled").GetInt32());
        }
        Assert.DoesNotContain("connection.expiring", await ActionsAsync(hub));
    }

    [Fact]
    public async Task AnEventForADeletedConnectionsSecretIsIgnored()
    {
        var (hub, secret, version) = await OwnedConnectionAsync("deleted");
        Assert.Equal(HttpStatusCode.NoContent, (await Api.Http.DeleteAsync($"/api/hubs/{hub}/connections/deleted")).StatusCode);

        var response = await PostAsync(EventGridEvent("Microsoft.KeyVault.SecretNearExpiry", secret, version, "1795561200"));

        Assert.Equal(0, (await ApiClient.Expect(response, HttpStatusCode.OK)).GetProperty("handled").GetInt32());
        Assert.DoesNotContain("connection.expiring", await ActionsAsync(hub));
    }

    [Fact]
    public async Task AConnectionWrittenBeforeIdRowsExistedIsStillDeleted()
    {
        var (hub, secret, _) = await OwnedConnectionAsync("legacy");
        // Rows written before the id rows: the connection's id row is not there.
        var table = Storage.Tables.GetTableClient(Storage.Prefix + "Connections");
        var id = secret[^32..];
        await table.DeleteEntityAsync(hub, "i|" + id);

        var deleted = await Api.Http.DeleteAsync($"/api/hubs/{hub}/connections/legacy");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/hubs/{hub}/connections/legacy")).StatusCode);
    }

    [Fact]
    public async Task TheEndpointRefusesCallersWithoutTheKeyOrAToken()
    {
        var (_, secret, version) = await OwnedConnectionAsync("locked");

        await ProblemDetailsTests.AssertProblem(await PostAsync(EventGridEvent("Microsoft.KeyVault.SecretExpired", secret, version, "1"), code: null), HttpStatusCode.Unauthorized, "Unauthorized");
        await ProblemDetailsTests.AssertProblem(await PostAsync(EventGridEvent("Microsoft.KeyVault.SecretExpired", secret, version, "1"), code: "wrong"), HttpStatusCode.Unauthorized, "Unauthorized");
    }
}
