using Microsoft.Extensions.Options;
using Switchboard.Storage;
using Switchboard.Server.Timers;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Timers;

/// <summary>Several Server processes on one storage account run each occurrence of a timer job once.</summary>
public class JobClaimsTests(IsolatedStorage storage) : IClassFixture<IsolatedStorage>
{
    private JobClaims NewProcess() => new(storage.Tables, Options.Create(new StorageOptions { Prefix = storage.Prefix }));

    [Fact]
    public async Task OneOfManyClaimsOfAnOccurrenceWins()
    {
        var occurrence = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

        var claimed = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => NewProcess().TryClaimAsync("ExpiryScan", occurrence, CancellationToken.None)));

        Assert.Single(claimed, c => c);
    }

    [Fact]
    public async Task EachOccurrenceAndEachJobIsClaimedOnItsOwn()
    {
        var claims = NewProcess();
        var first = new DateTimeOffset(2026, 12, 2, 11, 0, 0, TimeSpan.Zero);

        Assert.True(await claims.TryClaimAsync("KeyVaultCheck", first, CancellationToken.None));
        Assert.True(await claims.TryClaimAsync("OperationsPurge", first, CancellationToken.None));
        Assert.True(await claims.TryClaimAsync("KeyVaultCheck", first.AddHours(1), CancellationToken.None));
        Assert.False(await claims.TryClaimAsync("KeyVaultCheck", first.AddHours(1), CancellationToken.None));
    }
}
