namespace Switchboard.Infra.Tests;

[Collection(CompiledTemplatesCollection.Name)]
public sealed class StorageTests(CompiledTemplates templates)
{
    private ArmResource Account => templates.Main.Single("Microsoft.Storage/storageAccounts");

    [Fact]
    public void StorageDisallowsSharedKeyAccess() =>
        Assert.False((bool?)Account["properties", "allowSharedKeyAccess"] ?? true);

    [Fact]
    public void StorageRequiresTls12() =>
        Assert.Equal("TLS1_2", (string?)Account["properties", "minimumTlsVersion"]);

    [Fact]
    public void StorageDisallowsPublicBlobAccess() =>
        Assert.False((bool?)Account["properties", "allowBlobPublicAccess"] ?? true);

    [Fact]
    public void StorageAcceptsHttpsOnly() =>
        Assert.True((bool?)Account["properties", "supportsHttpsTrafficOnly"] ?? false);

    [Fact]
    public void DeploymentContainerIsPrivate()
    {
        var container = templates.Main.Single("Microsoft.Storage/storageAccounts/blobServices/containers");

        Assert.Equal("None", (string?)container["properties", "publicAccess"]);
    }
}
