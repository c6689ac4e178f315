using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Switchboard.Api.Timers;
using Switchboard.Functions.Operations;

namespace Switchboard.Functions.Timers;

/// <summary>
/// The scheduled jobs, on the schedules of the app settings <c>Switchboard__Schedules__{job}</c> (six-field
/// NCRONTAB, UTC; <see cref="Schedules"/> has the defaults the deployment sets).
/// </summary>
public sealed class TimerFunctions(TimerJobs jobs)
{
    [Function(nameof(Schedules.ExpiryScan))]
    public Task ExpiryScanAsync([TimerTrigger("%Switchboard:Schedules:ExpiryScan%")] TimerInfo timer, [DurableClient] DurableTaskClient client,
        CancellationToken ct) => RunAsync(nameof(Schedules.ExpiryScan), client, ct);

    [Function(nameof(Schedules.KeyVaultCheck))]
    public Task KeyVaultCheckAsync([TimerTrigger("%Switchboard:Schedules:KeyVaultCheck%")] TimerInfo timer, [DurableClient] DurableTaskClient client,
        CancellationToken ct) => RunAsync(nameof(Schedules.KeyVaultCheck), client, ct);

    [Function(nameof(Schedules.OperationsPurge))]
    public Task OperationsPurgeAsync([TimerTrigger("%Switchboard:Schedules:OperationsPurge%")] TimerInfo timer, [DurableClient] DurableTaskClient client,
        CancellationToken ct) => RunAsync(nameof(Schedules.OperationsPurge), client, ct);

    private async Task RunAsync(string job, DurableTaskClient client, CancellationToken ct)
    {
        using (DurableClientScope.Use(client))
        {
            await jobs.RunAsync(job, ct);
        }
    }
}
