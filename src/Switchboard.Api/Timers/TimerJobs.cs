using Microsoft.Extensions.Options;
using Switchboard.Core.Operations;
using Switchboard.Api.Operations;

namespace Switchboard.Api.Timers;

/// <summary>What each timer job does, whoever fires it (the Functions host or the standalone scheduler).</summary>
public sealed class TimerJobs(IOperations operations, IOptions<OperationsOptions> options, TimeProvider clock, Core.Expiry.ExpiryService expiry, Core.KeyVault.KeyVaultService keyVaults,
    Core.Connections.OrphanSecretSweep orphans, ILogger<TimerJobs> logger)
{
    public async Task RunAsync(string job, CancellationToken ct)
    {
        switch (job)
        {
            case "OperationsPurge":
                var purged = await operations.PurgeFinishedAsync(clock.GetUtcNow() - options.Value.Retention, ct);
                logger.LogInformation("Operations purge: {Purged} finished operation(s) older than the retention removed", purged);
                break;
            case "ExpiryScan":
                var scanned = await expiry.ScanAsync(ct);
                logger.LogInformation("Expiry scan: {Due} due, {Announced} announced, {Rotations} rotations started",
                    scanned.Due, scanned.Announced, scanned.RotationsStarted);
                break;
            case "KeyVaultCheck":
                var unhealthy = await keyVaults.CheckAllAsync(ct);
                logger.LogInformation("Key Vault check: {Unhealthy} connected vault(s) unhealthy", unhealthy);
                var removed = await orphans.SweepAsync(ct);
                logger.LogInformation("Key Vault check: {Removed} orphaned connection secret(s) removed", removed);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(job), job, "Unknown timer job.");
        }
    }
}
