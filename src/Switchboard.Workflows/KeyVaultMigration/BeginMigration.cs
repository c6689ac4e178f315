using Microsoft.DurableTask;
using Switchboard.Core.KeyVault;

namespace Switchboard.Workflows.KeyVaultMigration;

/// <summary>Marks the hub as migrating (credential writes wait) and answers the source vault, or why it may not start.</summary>
public sealed class BeginMigration(KeyVaultMigrationService migration) : TaskActivity<KeyVaultMigrationRequest, MigrationStart>
{
    public override Task<MigrationStart> RunAsync(TaskActivityContext context, KeyVaultMigrationRequest input) =>
        migration.BeginAsync(input.Hub, input.Target, input.Caller, CancellationToken.None);
}
