using Switchboard.Core.Operations;
using Switchboard.Core.Ports;

namespace Switchboard.Workflows.KeyVaultMigration;

/// <summary>
/// A Key Vault migration's input: the hub, the vault its credentials move to (the service's own for "managed"),
/// whether the source copies are purged rather than soft-deleted, and how long a refusing or busy target is waited for.
/// </summary>
public sealed record KeyVaultMigrationRequest(string Hub, Uri Target, bool PurgeSource, TimeSpan Timeout, TimeSpan RetryInterval, string Actor, string CorrelationId)
    : IOperationInput
{
    public string Resource => OperationResources.Of(Hub, null);

    public Caller Caller => new(Actor, CorrelationId);
}
