using Microsoft.DurableTask;
using Switchboard.Core.KeyVault;

namespace Switchboard.Workflows.KeyVaultMigration;

/// <summary>The hub's connections whose rows still name the source vault (aliases and ids only).</summary>
public sealed class ListConnectionsToMove(KeyVaultMigrationService migration) : TaskActivity<MigrationLeg, IReadOnlyList<MigrationItem>>
{
    public override Task<IReadOnlyList<MigrationItem>> RunAsync(TaskActivityContext context, MigrationLeg input) =>
        migration.ListToMoveAsync(input.Request.Hub, input.Source, CancellationToken.None);
}
