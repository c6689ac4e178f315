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
    /// <summary>OAuth 2.0 client credentials: a token URL, a client id and secret, an optional scope.</summary>
    OAuth2,
    UsernamePassword,
    PersonalAccessToken,
    /// <summary>An access key id and its secret (Amazon Web Services).</summary>
    AccessKey,
}
