using Microsoft.DurableTask;
using Switchboard.Core.KeyVault;

namespace Switchboard.Workflows.KeyVaultSetup;

/// <summary>Compensation: the Provisioning registration is removed and the hub is as before.</summary>
public sealed class AbandonVault(KeyVaultService keyVault) : TaskActivity<KeyVaultSetupRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, KeyVaultSetupRequest input)
    {
        await keyVault.AbandonAsync(input.Hub, input.Caller, CancellationToken.None);
        return true;
    }
}
