using Microsoft.DurableTask;
using Switchboard.Core.KeyVault;

namespace Switchboard.Workflows.KeyVaultSetup;

/// <summary>Writes, reads and deletes a probe secret in the vault: Ok, Forbidden, or the vault did not answer.</summary>
public sealed class ProbeVault(KeyVaultService keyVault) : TaskActivity<KeyVaultSetupRequest, VaultProbeResult>
{
    public override Task<VaultProbeResult> RunAsync(TaskActivityContext context, KeyVaultSetupRequest input) =>
        keyVault.ProbeAsync(input.VaultUri, input.Hub, CancellationToken.None);
}
