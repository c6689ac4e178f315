using Switchboard.Core.Operations;
using Switchboard.Core.Ports;

namespace Switchboard.Workflows.KeyVaultSetup;

/// <summary>Key Vault setup's input: the hub, its vault, and how long to wait for access to propagate.</summary>
public sealed record KeyVaultSetupRequest(string Hub, Uri VaultUri, TimeSpan Timeout, TimeSpan ProbeInterval, string Actor, string CorrelationId) : IOperationInput
{
    public string Resource => OperationResources.Of(Hub, null);

    public Caller Caller => new(Actor, CorrelationId);
}
