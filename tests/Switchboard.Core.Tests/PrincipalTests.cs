using Switchboard.Core.Access;

namespace Switchboard.Core.Tests;

public class PrincipalTests
{
    private static Principal With(Role role, string? project = null) => new("key:1", false, [new Grant("h1", project, role)]);

    [Fact]
    public void AHubGrantCoversEveryProject()
    {
        Assert.True(With(Role.Reader).May(Permission.Read, "h1", "any-project"));
        Assert.False(With(Role.Reader).May(Permission.Read, "h2", null));
    }

    [Fact]
    public void AProjectGrantCoversItsProjectAndOnlyMarkedHubRoutes()
    {
        var member = With(Role.Owner, "p1");

        Assert.True(member.May(Permission.Delete, "h1", "p1"));
        Assert.False(member.May(Permission.Read, "h1", "p2"));
        Assert.False(member.May(Permission.Read, "h1", null));
        Assert.True(member.May(Permission.Read, "h1", null, hubMetadataOnly: true));
    }

    [Theory]
    [InlineData(Role.Reader, "Read")]
    [InlineData(Role.Contributor, "Read Write")]
    [InlineData(Role.Owner, "Read Write Delete ListSecrets Manage")]
    [InlineData(Role.SecretsReader, "ListSecrets")]
    public void RolesAllowWhatTheContractSays(Role role, string allowed)
    {
        foreach (var permission in Enum.GetValues<Permission>())
        {
            Assert.Equal(allowed.Split(' ').Contains(permission.ToString()), With(role).May(permission, "h1", null));
        }
    }

    [Fact]
    public void TheAdministratorMayDoAnythingAndOnlyItCreatesHubs()
    {
        Assert.True(new Principal("admin", true, []).May(Permission.Administer, "new-hub", null));
        Assert.False(With(Role.Owner).May(Permission.Administer, "h1", null));
    }
}
