namespace Switchboard.Core.Providers;

/// <summary>How a connection authenticates to its target.</summary>
public enum AuthType
{
    ApiKey,
    ManagedIdentity,
    ServicePrincipal,
    SasToken,
    AccountKey,
    CustomKeys,
    None,
}
