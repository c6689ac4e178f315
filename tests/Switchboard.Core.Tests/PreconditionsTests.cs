using Switchboard.Core.Connections;
using Switchboard.Core.Errors;

namespace Switchboard.Core.Tests;

public class PreconditionsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("*")]
    [InlineData("W/\"1\"")]
    [InlineData("W/\"0\", W/\"1\"")]
    public void AMatchingOrAbsentIfMatchPasses(string? ifMatch) => Preconditions.Check(ifMatch, "W/\"1\"");

    [Fact]
    public void AStaleIfMatchIsPreconditionFailed() =>
        Assert.Equal(ErrorCode.PreconditionFailed, Assert.Throws<SwitchboardException>(() => Preconditions.Check("W/\"0\"", "W/\"1\"")).Code);

    [Fact]
    public void SecretVersionsStageLikeSecretsManager()
    {
        var versions = new SecretVersions("v1").Replace("v2");

        Assert.Equal(new SecretVersions("v2", "v1", null), versions);
    }

    [Fact]
    public void AProjectSeesItsOwnAndSharedHubConnectionsOnly()
    {
        var hubConnection = new SharedWith(["proj-a"]);

        Assert.True(hubConnection.Includes("proj-a"));
        Assert.False(hubConnection.Includes("proj-b"));
        Assert.True(SharedWith.All.Includes("proj-b"));
    }
}

public class SecretNameTests
{
    [Fact]
    public void ASecretNameLeadsBackToItsHubAndConnection()
    {
        var name = SecretVault.SecretNameOf("contoso-ai", "0123456789abcdef0123456789abcdef");

        Assert.True(SecretVault.TryParseSecretName(name, out var hub, out var id));
        Assert.Equal(("contoso-ai", "0123456789abcdef0123456789abcdef"), (hub, id));
        Assert.True(name.Length <= 127);
    }

    [Theory]
    [InlineData("someone-elses-secret")]
    [InlineData("sb-x-0123456789abcdef0123456789abcdef")]
    [InlineData("sb-contoso-0123456789abcdef0123456789abcdeg")]
    [InlineData("switchboard-probe-contoso")]
    public void OtherSecretsAreNotOurs(string name) => Assert.False(SecretVault.TryParseSecretName(name, out _, out _));
}
