namespace Switchboard.Core.Providers;

/// <summary>A field a connection carries: a credential (kept in Key Vault) or a setting (kept in the row).</summary>
public sealed record FieldSpec(string Name, bool Required, string Description);

/// <summary>
/// The request that tells whether a connection works: <see cref="PathAndQuery"/> is appended to the target,
/// and the credential field <see cref="CredentialField"/> is sent in <see cref="Header"/> (with
/// <see cref="HeaderPrefix"/>, e.g. "Bearer "), beside <see cref="FixedHeaders"/> that the service demands
/// (Anthropic's <c>anthropic-version</c>).
/// </summary>
public sealed record ProbeSpec(string PathAndQuery, string Header, string HeaderPrefix, string CredentialField, IReadOnlyDictionary<string, string>? FixedHeaders = null);

/// <summary>
/// A kind of connection target and what it needs: the auth types it allows with the credential fields of
/// each, its settings, whether Switchboard can generate credentials for it, and how to test it.
/// </summary>
public sealed record Provider(
    string Id,
    string DisplayName,
    IReadOnlyDictionary<AuthType, IReadOnlyList<FieldSpec>> AuthTypes,
    IReadOnlyList<FieldSpec> Settings,
    bool CanGenerateCredentials = false,
    ProbeSpec? Probe = null,
    bool CreatedThroughKeyVaultSetupOnly = false)
{
    public bool Testable => Probe is not null;

    /// <summary>CustomKeys takes any field names the caller chooses.</summary>
    public static bool HasFreeFormFields(AuthType authType) => authType == AuthType.CustomKeys;
}
