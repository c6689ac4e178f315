using Switchboard.Core;
using Switchboard.Core.Connections;
using Switchboard.Core.Expiry;

namespace Switchboard.Core.Tests;

public class DatesTests
{
    [Fact]
    public void ArithmeticPastTheRangeStopsAtItsEdge()
    {
        Assert.Equal(DateTimeOffset.MinValue, Dates.Minus(DateTimeOffset.MinValue, TimeSpan.FromDays(30)));
        Assert.Equal(DateTimeOffset.MaxValue, Dates.Plus(DateTimeOffset.MaxValue.AddDays(-1), TimeSpan.FromDays(3650)));
        Assert.Equal(DateTimeOffset.MinValue, Dates.Plus(DateTimeOffset.MinValue.AddDays(1), TimeSpan.FromDays(-30)));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddDays(1), Dates.Plus(DateTimeOffset.UnixEpoch, TimeSpan.FromDays(1)));
    }

    [Fact]
    public void ExpiryRulesAreTotalOverEveryStoredDate()
    {
        var policy = new RotationPolicy(TimeSpan.FromDays(365), false, TimeSpan.FromDays(30), TimeSpan.MaxValue);
        foreach (var date in new[] { DateTimeOffset.MinValue, DateTimeOffset.MaxValue, DateTimeOffset.UnixEpoch })
        {
            _ = policy.StatusOf(date, DateTimeOffset.UnixEpoch);
            _ = policy.ExpiryOfVersionWrittenAt(date, null);
            _ = ExpiryTracking.NextDue(date, TimeSpan.MaxValue, CredentialStatus.Valid);
        }
    }
}
