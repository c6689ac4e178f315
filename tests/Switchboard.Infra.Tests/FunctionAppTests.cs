using System.Text.Json.Nodes;

namespace Switchboard.Infra.Tests;

[Collection(CompiledTemplatesCollection.Name)]
public sealed class FunctionAppTests(CompiledTemplates templates)
{
    private ArmResource Site => templates.Main.Single("Microsoft.Web/sites");

    private Dictionary<string, string> AppSettings
    {
        get
        {
            var config = templates.Main.Resources("Microsoft.Web/sites/config")
                .Single(c => c.Name.Contains("'appsettings'", StringComparison.Ordinal));
            return config.Properties.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "", StringComparer.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void FunctionAppRunsOnFlexConsumption()
    {
        var plan = templates.Main.Single("Microsoft.Web/serverfarms");

        Assert.Equal("FC1", (string?)plan["sku", "name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku", "tier"]);
        Assert.Equal("functionapp,linux", (string?)Site["kind"]);
    }

    [Fact]
    public void FunctionAppRunsTheDotNet10IsolatedWorker()
    {
        // Flex Consumption derives FUNCTIONS_WORKER_RUNTIME from this; the package is framework-dependent.
        Assert.Equal("dotnet-isolated", (string?)Site["properties", "functionAppConfig", "runtime", "name"]);
        Assert.Equal("10.0", (string?)Site["properties", "functionAppConfig", "runtime", "version"]);
    }

    [Fact]
    public void FunctionAppUsesOnlyAUserAssignedIdentity()
    {
        Assert.Equal("UserAssigned", (string?)Site["identity", "type"]);
        var identities = Assert.IsType<JsonObject>(Site["identity", "userAssignedIdentities"]);
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", Assert.Single(identities).Key);
        // Key Vault references in app settings resolve as the same identity.
        var referenceIdentity = ((string?)Site["properties", "keyVaultReferenceIdentity"] ?? "").Trim('[', ']');
        Assert.StartsWith("resourceId('Microsoft.ManagedIdentity/userAssignedIdentities'", referenceIdentity, StringComparison.Ordinal);
        Assert.Contains(referenceIdentity, Assert.Single(identities).Key, StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionAppDeploysFromBlobStorageAsItsIdentity()
    {
        var storage = Site["properties", "functionAppConfig", "deployment", "storage"];

        Assert.Equal("blobContainer", (string?)ArmTemplate.Get(storage, "type"));
        Assert.Equal("UserAssignedIdentity", (string?)ArmTemplate.Get(storage, "authentication", "type"));
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities",
            (string?)ArmTemplate.Get(storage, "authentication", "userAssignedIdentityResourceId"));
    }

    [Fact]
    public void FunctionAppConnectsToStorageByIdentity()
    {
        var settings = AppSettings;

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Contains("clientId", settings["AzureWebJobsStorage__clientId"], StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.table", settings["AzureWebJobsStorage__tableServiceUri"], StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.queue", settings["AzureWebJobsStorage__queueServiceUri"], StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.blob", settings["AzureWebJobsStorage__blobServiceUri"], StringComparison.Ordinal);
        Assert.False(settings.ContainsKey("AzureWebJobsStorage"), "AzureWebJobsStorage would be a connection string.");
        Assert.DoesNotContain(settings.Values, v => v.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void FunctionAppTellsDefaultAzureCredentialWhichIdentityToUse() =>
        Assert.Contains("userAssignedIdentities", AppSettings["AZURE_CLIENT_ID"], StringComparison.Ordinal);

    [Fact]
    public void FunctionAppSendsTelemetryWithEntraIdAuthentication()
    {
        var settings = AppSettings;

        Assert.Contains("ConnectionString", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.Ordinal);
        Assert.Matches(@"^\[format\('ClientId=\{0\};Authorization=AAD', reference\(.*userAssignedIdentities.*\)\.clientId\)\]$",
            settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
    }

    [Fact]
    public void FunctionAppReceivesSwitchboardSettings()
    {
        var settings = AppSettings;

        Assert.Equal("[parameters('keyVaultUri')]", settings["Switchboard__KeyVault__ManagedVaultUri"]);
        Assert.Equal("[parameters('authAuthority')]", settings["Switchboard__Auth__Authority"]);
        Assert.Equal("[parameters('authAudience')]", settings["Switchboard__Auth__Audience"]);

        // ...and main.bicep feeds them from the vault and its own parameters.
        var app = templates.Main.Module("app");
        Assert.Contains("outputs.uri.value", (string?)app["properties", "parameters", "keyVaultUri", "value"]);
        Assert.Equal("[parameters('authAudience')]", (string?)app["properties", "parameters", "authAudience", "value"]);
        Assert.Equal("[variables('authority')]", (string?)app["properties", "parameters", "authAuthority", "value"]);
    }

    [Theory]
    [InlineData("Switchboard__Durable__HubName", "durableHubName", "SwitchboardFunctions")]
    [InlineData("Switchboard__Schedules__ExpiryScan", "expiryScanSchedule", "0 0 * * * *")]
    [InlineData("Switchboard__Schedules__KeyVaultCheck", "keyVaultCheckSchedule", "0 0 3 * * *")]
    [InlineData("Switchboard__Schedules__OperationsPurge", "operationsPurgeSchedule", "0 30 * * * *")]
    public void FunctionAppReceivesItsTaskHubAndSchedules(string setting, string parameter, string value)
    {
        // host.json's durableTask.hubName and the timer triggers' %Switchboard:Schedules:...% read these;
        // the host does not start the functions without them.
        Assert.Equal($"[parameters('{parameter}')]", AppSettings[setting]);
        Assert.Equal(value, EffectiveAppParameter(parameter));
    }

    [Fact]
    public void TaskHubNameIsValidAndNotTheServers()
    {
        var hub = EffectiveAppParameter("durableHubName");

        Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,44}$", hub);
        // The standalone Server's hub is {prefix}SwitchboardServer; the two must never share one.
        Assert.DoesNotMatch("SwitchboardServer$", hub);
        var declared = ArmTemplate.Get(AppModuleTemplate, "parameters", "durableHubName");
        Assert.Equal(3, (int?)ArmTemplate.Get(declared, "minLength"));
        Assert.Equal(45, (int?)ArmTemplate.Get(declared, "maxLength"));
    }

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_EXTENSION_VERSION")]
    [InlineData("FUNCTIONS_WORKER_RUNTIME_VERSION")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    [InlineData("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")]
    public void AppSettingsLeaveOutWhatFlexConsumptionRejects(string setting) =>
        Assert.False(AppSettings.ContainsKey(setting), $"{setting} is set; Flex Consumption takes it from functionAppConfig or refuses it.");

    [Fact]
    public void FunctionAppServesHttpsOnly()
    {
        Assert.True((bool?)Site["properties", "httpsOnly"] ?? false);
        Assert.Equal("1.2", (string?)Site["properties", "siteConfig", "minTlsVersion"]);
    }

    [Fact]
    public void BasicPublishingCredentialsAreOff()
    {
        var policies = templates.Main.Resources("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();

        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.False((bool?)p["properties", "allow"] ?? true));
    }

    [Fact]
    public void AzdFindsTheApiServiceByItsTag() =>
        Assert.Contains("'azd-service-name', 'api'", (string?)Site["tags"]);


    private JsonObject AppModuleTemplate =>
        Assert.IsType<JsonObject>(templates.Main.Module("app")["properties", "template"]);

    /// <summary>The value the app module's parameter takes: what main.bicep passes, or else its default.</summary>
    private string? EffectiveAppParameter(string name)
    {
        var passed = templates.Main.Module("app")["properties", "parameters", name, "value"];
        return passed is not null
            ? passed.ToString()
            : ArmTemplate.Get(AppModuleTemplate, "parameters", name, "defaultValue")?.ToString();
    }
}
