using Microsoft.DurableTask;
using Switchboard.Core.KeyVault;

namespace Switchboard.Workflows.KeyVaultMigration;

/// <summary>Deletes moved connections' secrets from the source vault: soft delete, or purge when the request asked.</summary>
public sealed class DeleteSourceSecrets(KeyVaultMigrationService migration) : TaskActivity<SourceCleanup, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, SourceCleanup input)
    {
        await migration.DeleteSourceSecretsAsync(input.Leg.Source, input.SecretNames, input.Leg.Request.PurgeSource, CancellationToken.None);
        return true;
    }
}
