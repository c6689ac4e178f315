using Microsoft.DurableTask;
using Switchboard.Core.KeyVault;

namespace Switchboard.Workflows.KeyVaultMigration;

/// <summary>Writes, reads and deletes a probe secret in the target vault, as Key Vault setup does.</summary>
public sealed class ProbeMigrationTarget(KeyVaultService keyVault) : TaskActivity<KeyVaultMigrationRequest, VaultProbeResult>
{
    public override Task<VaultProbeResult> RunAsync(TaskActivityContext context, KeyVaultMigrationRequest input) =>
        keyVault.ProbeAsync(input.Target, input.Hub, CancellationToken.None);
}
