namespace Switchboard.Infra.Tests;

[Collection(CompiledTemplatesCollection.Name)]
public sealed class ByoKeyVaultTests(CompiledTemplates templates)
{
    private ArmTemplate Template => templates.ByoKeyVault;

    [Fact]
    public void ByoKeyVaultUsesAnExistingVaultUnlessAskedToCreateOne()
    {
        var vault = Template.Single("Microsoft.KeyVault/vaults");

        Assert.Equal("[parameters('createVault')]", (string?)vault.Condition);
        Assert.False((bool?)vault.ParameterDefault("createVault") ?? true);
    }

    [Fact]
    public void ByoKeyVaultGrantsTheRoleToTheGivenPrincipalAfterTheVaultExists()
    {
        var assignment = Template.Single("Microsoft.Authorization/roleAssignments");

        Assert.Equal("[parameters('principalId')]", (string?)assignment["properties", "principalId"]);
        var dependsOn = assignment["dependsOn"]!.AsArray().Select(d => (string?)d).ToList();
        Assert.Contains(dependsOn, d => d!.Contains("Microsoft.KeyVault/vaults", StringComparison.Ordinal));
    }

    [Fact]
    public void ByoKeyVaultReportsWhatSwitchboardNeedsToKnow()
    {
        var outputs = ArmTemplate.Get(Template.Root, "outputs")!.AsObject();

        Assert.Contains("vaultUri", outputs.Select(o => o.Key));
        Assert.Contains("rbacAuthorization", outputs.Select(o => o.Key));
    }
}
