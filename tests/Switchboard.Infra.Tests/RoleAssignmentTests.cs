using System.Text.RegularExpressions;

namespace Switchboard.Infra.Tests;

[Collection(CompiledTemplatesCollection.Name)]
public sealed partial class RoleAssignmentTests(CompiledTemplates templates)
{
    public static TheoryData<string, string, string> Roles => new()
    {
        { "Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts" },
        { "Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts" },
        { "Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts" },
        { "Key Vault Secrets Officer", "b86a8fe4-44ce-4948-aee5-eccb2c155cd7", "Microsoft.KeyVault/vaults" },
        { "Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components" },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public void ServiceIdentityHoldsRole(string role, string roleId, string scopeType)
    {
        var assignment = Assert.Single(Assignments(templates.Main), a => RoleOf(a) == roleId);

        Assert.True(GuidName().IsMatch(assignment.Name), $"{role} is named {assignment.Name}, not guid(...).");
        Assert.Contains(scopeType, (string?)assignment["scope"], StringComparison.Ordinal);
        Assert.Equal("ServicePrincipal", (string?)assignment["properties", "principalType"]);
        Assert.Contains("userAssignedIdentities", (string?)assignment["properties", "principalId"], StringComparison.Ordinal);
    }

    [Fact]
    public void RoleAssignmentsLiveInOneModule()
    {
        var modules = templates.Main.Resources("Microsoft.Resources/deployments")
            .Where(d => Assignments(d).Any())
            .Select(d => d.Name)
            .ToList();

        Assert.Equal(new[] { "rbac" }, modules);
        Assert.Equal(5, Assignments(templates.Main).Count());
    }

    [Fact]
    public void EachRoleIdIsNamedInAVariable()
    {
        var rbac = Repository.Read("infra/modules/rbac.bicep");

        foreach (var roleId in Roles.Select(row => (string)row[1]))
        {
            Assert.Matches($@"(?m)^var \w+ = '{roleId}'$", rbac);
        }
    }

    [Fact]
    public void DurableFunctionsStorageRolesCoverTheHostsStorageAccount()
    {
        // The Azure Storage backend of Durable Functions needs blob (Owner), queue and table (Contributor)
        // data roles on the account AzureWebJobsStorage points at, before the host starts.
        var rbac = templates.Main.Module("rbac");
        var app = templates.Main.Module("app");

        Assert.Equal("[variables('names').storage]", (string?)rbac["properties", "parameters", "storageAccountName", "value"]);
        Assert.Equal((string?)rbac["properties", "parameters", "storageAccountName", "value"],
            (string?)app["properties", "parameters", "storageAccountName", "value"]);
        var dependsOn = Assert.IsType<System.Text.Json.Nodes.JsonArray>(app["dependsOn"]);
        Assert.Contains(dependsOn, d => ((string?)d ?? "").Contains("'rbac')", StringComparison.Ordinal));

        var storageRoles = Assignments(templates.Main)
            .Where(a => ((string?)a["scope"] ?? "").Contains("Microsoft.Storage/storageAccounts", StringComparison.Ordinal))
            .Select(RoleOf)
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            new[] { "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b" },
            storageRoles);
    }

    [Fact]
    public void BringYourOwnVaultGrantsOnlySecretsOfficer()
    {
        var assignment = Assert.Single(Assignments(templates.ByoKeyVault));

        Assert.Equal("b86a8fe4-44ce-4948-aee5-eccb2c155cd7", RoleOf(assignment));
        Assert.True(GuidName().IsMatch(assignment.Name), assignment.Name);
        Assert.Contains("Microsoft.KeyVault/vaults", (string?)assignment["scope"], StringComparison.Ordinal);
        Assert.Equal("[parameters('principalId')]", (string?)assignment["properties", "principalId"]);
    }

    private static IEnumerable<ArmResource> Assignments(ArmTemplate template) =>
        template.Resources("Microsoft.Authorization/roleAssignments");

    private static IEnumerable<ArmResource> Assignments(ArmResource deployment) =>
        deployment["properties", "template"] is System.Text.Json.Nodes.JsonObject nested
            ? new ArmTemplate(nested, nested.ToJsonString()).Resources("Microsoft.Authorization/roleAssignments")
            : [];

    /// <summary>The role definition id an assignment grants, read through the template's variables.</summary>
    private static string? RoleOf(ArmResource assignment)
    {
        var expression = assignment.ResolveVariables((string?)assignment["properties", "roleDefinitionId"] ?? "");
        var match = RoleDefinition().Match(expression);
        return match.Success ? match.Groups["id"].Value : null;
    }

    [GeneratedRegex(@"^\[guid\(.+\)\]$")]
    private static partial Regex GuidName();

    [GeneratedRegex(@"Microsoft\.Authorization/roleDefinitions', '(?<id>[0-9a-f-]{36})'")]
    private static partial Regex RoleDefinition();
}
