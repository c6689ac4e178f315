using Microsoft.DurableTask;
using Switchboard.Core.KeyVault;

namespace Switchboard.Workflows.KeyVaultMigration;

/// <summary>The hub's vault becomes the target, once no row names the source; false while some still do.</summary>
public sealed class SwitchHubVault(KeyVaultMigrationService migration) : TaskActivity<MigrationLeg, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, MigrationLeg input) =>
        migration.CompleteAsync(input.Request.Hub, input.Source, input.Request.Target, input.Request.Caller, CancellationToken.None);
}
