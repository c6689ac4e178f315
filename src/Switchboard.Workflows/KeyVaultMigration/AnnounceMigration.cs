using Microsoft.DurableTask;
using Switchboard.Core.KeyVault;

namespace Switchboard.Workflows.KeyVaultMigration;

/// <summary>The audit entry and the <c>switchboard.keyvault.migrated</c> notification.</summary>
public sealed class AnnounceMigration(KeyVaultMigrationService migration) : TaskActivity<MigrationOutcome, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, MigrationOutcome input)
    {
        var request = input.Leg.Request;
        await migration.AnnounceAsync(request.Hub, input.Leg.Source, request.Target, input.Moved, request.Caller, CancellationToken.None);
        return true;
    }
}
