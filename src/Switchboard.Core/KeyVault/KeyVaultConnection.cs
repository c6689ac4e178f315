using Switchboard.Core.Hubs;

namespace Switchboard.Core.KeyVault;

public enum KeyVaultStatus
{
    Provisioning,
    Active,
    Unreachable,
    Forbidden,
}

/// <summary>
/// A hub's own Key Vault ("bring your own vault"): once active, the hub's credentials are written there
/// instead of the service's vault. It must be the hub's first connection and its last.
/// </summary>
public sealed record KeyVaultConnection(
    string Hub,
    Uri VaultUri,
    KeyVaultStatus Status,
    DateTimeOffset? LastCheckedAt,
    string? OperationId,
    Audit Stamp);
