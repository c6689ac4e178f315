using Microsoft.DurableTask;
using Switchboard.Core.KeyVault;

namespace Switchboard.Workflows.KeyVaultMigration;

/// <summary>Copies a batch of connections' versions to the target and switches their rows; an outcome for each.</summary>
public sealed class MoveConnections(KeyVaultMigrationService migration) : TaskActivity<MoveBatch, IReadOnlyList<MoveResult>>
{
    public override Task<IReadOnlyList<MoveResult>> RunAsync(TaskActivityContext context, MoveBatch input) =>
        migration.MoveAsync(input.Leg.Request.Hub, input.Leg.Source, input.Leg.Request.Target, input.Items, CancellationToken.None);
}
