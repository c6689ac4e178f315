using Microsoft.DurableTask;
using Switchboard.Core.KeyVault;

namespace Switchboard.Workflows.KeyVaultMigration;

/// <summary>Compensation: rows back to their source versions, copies deleted, the hub as before.</summary>
public sealed class RollBackMigration(KeyVaultMigrationService migration) : TaskActivity<MigrationOutcome, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, MigrationOutcome input)
    {
        var request = input.Leg.Request;
        await migration.RollBackAsync(request.Hub, input.Leg.Source, request.Target, input.FailureReason ?? "", request.Caller, CancellationToken.None);
        return true;
    }
}
