using Microsoft.DurableTask;
using Switchboard.Core.KeyVault;

namespace Switchboard.Workflows.KeyVaultSetup;

/// <summary>The vault becomes the hub's: its connection is Active and creates in the hub go there.</summary>
public sealed class ActivateVault(KeyVaultService keyVault) : TaskActivity<KeyVaultSetupRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, KeyVaultSetupRequest input)
    {
        await keyVault.ActivateAsync(input.Hub, input.Caller, CancellationToken.None);
        return true;
    }
}
