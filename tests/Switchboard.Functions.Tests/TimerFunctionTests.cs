using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Api.Timers;
using Switchboard.Functions.Timers;

namespace Switchboard.Functions.Tests;

/// <summary>Each timer function runs its job on the real storage.</summary>
public class TimerFunctionTests(WorkerServices worker) : IClassFixture<WorkerServices>
{
    private TimerFunctions Timers => new(worker.Services.GetRequiredService<TimerJobs>());

    [Fact]
    public async Task TheExpiryScanRuns() =>
        await Timers.ExpiryScanAsync(new TimerInfo(), client: null!, CancellationToken.None);

    [Fact]
    public async Task TheKeyVaultCheckRuns() =>
        await Timers.KeyVaultCheckAsync(new TimerInfo(), client: null!, CancellationToken.None);
}
