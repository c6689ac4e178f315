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
