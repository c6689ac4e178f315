using Switchboard.Core.Hubs;
using Switchboard.Core.Providers;

namespace Switchboard.Core.Connections;

public enum CredentialSource
{
    KeyVault,
    ConfigurationReference,
    None,
}

public enum CredentialStatus
{
    Valid,
    ExpiringSoon,
    Expired,
    Unknown,
}

/// <summary>
/// The Key Vault versions of a connection's secret, staged as in AWS Secrets Manager: clients read
/// <see cref="Current"/>; a rotation writes <see cref="Pending"/>, promotes it, and keeps <see cref="Previous"/>
/// readable for the grace period.
/// </summary>
public sealed record SecretVersions(string? Current, string? Previous = null, string? Pending = null)
{
    public static readonly SecretVersions Empty = new(Current: null);

    /// <summary>A manual change of credentials: the new version is current at once, the old one previous.</summary>
    public SecretVersions Replace(string version) => new(version, Current, null);
}

/// <summary>A vault and the versions of a connection's secret in it.</summary>
public sealed record SecretLocation(Uri Vault, SecretVersions Versions);

/// <summary>
/// A connection of a hub (<see cref="Project"/> null) or of one of its projects. It holds no credential:
/// literal credentials live in Key Vault (<see cref="SecretName"/>, <see cref="Versions"/>), and
/// configuration references are kept as written in <see cref="CredentialReferences"/>.
/// </summary>
public sealed record Connection(
    string Id,
    string Hub,
    string? Project,
    string Alias,
    string Name,
    string Provider,
    Uri Target,
    AuthType AuthType,
    IReadOnlyList<string> CredentialFields,
    IReadOnlyDictionary<string, string> CredentialReferences,
    string? SecretName,
    SecretVersions Versions,
    IReadOnlyDictionary<string, string> Settings,
    bool IsActive,
    DateTimeOffset? ExpiresAt,
    RotationPolicy Rotation,
    SharedWith SharedWith,
    IReadOnlyDictionary<string, string> Metadata,
    Audit Stamp)
{
    /// <summary>The credential status subscribers were last told of: each state change is announced once.</summary>
    public CredentialStatus NotifiedStatus { get; init; } = CredentialStatus.Valid;

    /// <summary>
    /// The vault that holds this connection's secret. A hub's vault cannot change while it has connections (the
    /// Key Vault connection is first and last), so it is fixed at creation and spares a read on every use.
    /// </summary>
    public Uri? Vault { get; init; }

    /// <summary>
    /// Where the secret was before the hub's last Key Vault migration moved it: a failed migration switches the
    /// row back to these versions, and a grace period that began before the move still retires the right version.
    /// </summary>
    public SecretLocation? MovedFrom { get; init; }

    /// <summary>When the expiry scan must look at this connection next (its entry in the expiry index), if ever.</summary>
    public DateTimeOffset? ExpiryDue { get; init; }

    public bool IsHubConnection => Project is null;

    /// <summary>True when some credential field is a literal that lives in Key Vault.</summary>
    public bool HasStoredSecret => SecretName is not null && Versions.Current is not null;

    public CredentialSource CredentialSource =>
        CredentialFields.Count == 0 ? CredentialSource.None
        : CredentialReferences.Count == CredentialFields.Count ? CredentialSource.ConfigurationReference
        : CredentialSource.KeyVault;

    public CredentialStatus CredentialStatusAt(DateTimeOffset now) => Rotation.StatusOf(ExpiresAt, now);

    /// <summary>A project sees its own connections and the hub connections shared with it.</summary>
    public bool IsVisibleTo(string? project) =>
        project is null ? IsHubConnection : Project == project || (IsHubConnection && SharedWith.Includes(project));
}
