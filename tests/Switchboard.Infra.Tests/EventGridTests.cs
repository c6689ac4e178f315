namespace Switchboard.Infra.Tests;

[Collection(CompiledTemplatesCollection.Name)]
public sealed class EventGridTests(CompiledTemplates templates)
{
    private ArmResource Subscription => templates.Main.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions");

    [Fact]
    public void VaultHasASystemTopic()
    {
        var topic = templates.Main.Single("Microsoft.EventGrid/systemTopics");

        Assert.Equal("Microsoft.KeyVault.vaults", (string?)topic["properties", "topicType"]);
        Assert.Contains("Microsoft.KeyVault/vaults", (string?)topic["properties", "source"], StringComparison.Ordinal);
    }

    [Fact]
    public void EventSubscriptionIsOffUntilAskedFor()
    {
        // Event Grid validates a webhook when the subscription is created, so the first deployment
        // (before the code is there) must not create it.
        Assert.Equal("[parameters('deploySubscription')]", (string?)Subscription.Condition);
        var events = templates.Main.Module("events");
        Assert.Equal("[parameters('deployEventSubscription')]",
            (string?)events["properties", "parameters", "deploySubscription", "value"]);
        Assert.False((bool?)ArmTemplate.Get(templates.Main.Root, "parameters", "deployEventSubscription", "defaultValue") ?? true);
    }

    [Fact]
    public void EventSubscriptionDeliversToTheKeyVaultWebhook()
    {
        var destination = Subscription["properties", "destination"];
        Assert.Equal("WebHook", (string?)ArmTemplate.Get(destination, "endpointType"));
        Assert.Equal("[parameters('endpointUrl')]", (string?)ArmTemplate.Get(destination, "properties", "endpointUrl"));

        var url = (string?)templates.Main.Module("events")["properties", "parameters", "endpointUrl", "value"];
        Assert.Matches(@"^\[format\('https://\{0\}/api/events/keyvault', .*outputs\.hostName\.value\)\]$", url);
    }

    [Fact]
    public void EventSubscriptionAuthenticatesWithEntraIdForTheApiAudience()
    {
        var webhook = Subscription["properties", "destination", "properties"];
        Assert.Equal("[parameters('tenantId')]", (string?)ArmTemplate.Get(webhook, "azureActiveDirectoryTenantId"));
        Assert.Equal("[parameters('authAudience')]", (string?)ArmTemplate.Get(webhook, "azureActiveDirectoryApplicationIdOrUri"));

        var events = templates.Main.Module("events");
        Assert.Equal("[tenant().tenantId]", (string?)events["properties", "parameters", "tenantId", "value"]);
        Assert.Equal("[parameters('authAudience')]", (string?)events["properties", "parameters", "authAudience", "value"]);
    }

    [Theory]
    [InlineData("Microsoft.KeyVault.SecretNearExpiry")]
    [InlineData("Microsoft.KeyVault.SecretExpired")]
    [InlineData("Microsoft.KeyVault.SecretNewVersionCreated")]
    public void EventSubscriptionIncludes(string eventType)
    {
        var types = Subscription["properties", "filter", "includedEventTypes"]!.AsArray().Select(t => (string?)t);

        Assert.Contains(eventType, types);
    }
}
