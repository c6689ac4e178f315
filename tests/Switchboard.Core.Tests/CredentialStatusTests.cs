using Switchboard.Core.Connections;

namespace Switchboard.Core.Tests;

public class CredentialStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly RotationPolicy Policy = RotationPolicy.Default with { NotifyBefore = TimeSpan.FromDays(30) };

    [Fact]
    public void NoExpiryIsUnknown() => Assert.Equal(CredentialStatus.Unknown, Policy.StatusOf(null, Now));

    [Fact]
    public void BeforeTheWindowIsValid() => Assert.Equal(CredentialStatus.Valid, Policy.StatusOf(Now.AddDays(31), Now));

    [Fact]
    public void TheWindowStartsNotifyBeforeAheadOfExpiry() =>
        Assert.Equal(CredentialStatus.ExpiringSoon, Policy.StatusOf(Now.AddDays(30), Now));

    [Fact]
    public void AtExpiryItIsExpired() => Assert.Equal(CredentialStatus.Expired, Policy.StatusOf(Now, Now));

    [Fact]
    public void AValidityPeriodGivesNewVersionsAnExpiryUnlessOneIsGiven()
    {
        var policy = Policy with { ValidityPeriod = TimeSpan.FromDays(90) };

        Assert.Equal(Now.AddDays(90), policy.ExpiryOfVersionWrittenAt(Now, null));
        Assert.Equal(Now.AddDays(5), policy.ExpiryOfVersionWrittenAt(Now, Now.AddDays(5)));
        Assert.Null(Policy.ExpiryOfVersionWrittenAt(Now, null));
    }
}
