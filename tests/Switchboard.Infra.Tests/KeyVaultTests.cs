namespace Switchboard.Infra.Tests;

[Collection(CompiledTemplatesCollection.Name)]
public sealed class KeyVaultTests(CompiledTemplates templates)
{
    public static TheoryData<string> VaultTemplates => new("main.bicep", "byo-keyvault/main.bicep");

    [Theory]
    [MemberData(nameof(VaultTemplates))]
    public void KeyVaultUsesRbacAuthorization(string template) =>
        Assert.True((bool?)Vault(template)["properties", "enableRbacAuthorization"] ?? false);

    [Theory]
    [MemberData(nameof(VaultTemplates))]
    public void KeyVaultKeepsDeletedSecretsRecoverable(string template) =>
        Assert.True((bool?)Vault(template)["properties", "enableSoftDelete"] ?? false);

    [Theory]
    [MemberData(nameof(VaultTemplates))]
    public void KeyVaultHasPurgeProtection(string template) =>
        Assert.True((bool?)Vault(template)["properties", "enablePurgeProtection"] ?? false);

    [Theory]
    [MemberData(nameof(VaultTemplates))]
    public void KeyVaultHasNoAccessPolicies(string template) =>
        Assert.Null(Vault(template)["properties", "accessPolicies"]);

    private ArmResource Vault(string template) => templates.Compiled(template).Single("Microsoft.KeyVault/vaults");
}
