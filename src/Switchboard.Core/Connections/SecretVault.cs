using Switchboard.Core.Ports;

namespace Switchboard.Core.Connections;

/// <summary>Which vault holds a hub's credentials, and what a connection's secret is called.</summary>
public sealed class SecretVault(Uri managedVault)
{
    public Uri ManagedVault { get; } = managedVault;

    /// <summary>The hub's own vault once its Key Vault connection is active; the service's vault before.</summary>
    public Uri For(HubGuard guard) => guard is { KeyVault: KeyVaultState.Active, VaultUri: { } own } ? own : ManagedVault;

    /// <summary>Key Vault names allow 0-9a-zA-Z and '-'; the connection id keeps them unique and stable.</summary>
    public static string SecretNameOf(string connectionId) => "sb-" + connectionId;
}
