namespace Switchboard.Core.Connections;

/// <summary>A connection as a caller describes it, before any rule has looked at it.</summary>
public sealed record ConnectionInput(
    string? Alias,
    string? Name,
    string? Provider,
    string? Target,
    string? AuthType,
    IReadOnlyDictionary<string, string>? Credentials,
    IReadOnlyDictionary<string, string>? Settings,
    bool? IsActive,
    DateTimeOffset? ExpiresAt,
    RotationInput? Rotation,
    SharedWith? SharedWith,
    IReadOnlyDictionary<string, string>? Metadata);

/// <summary>Durations as ISO 8601 text (P30D), as they arrive.</summary>
public sealed record RotationInput(string? NotifyBefore, bool? AutoRotate, string? GracePeriod, string? ValidityPeriod, string? Test = null);

/// <summary>
/// A connection that passed every rule. <see cref="Literals"/> go to Key Vault and nowhere else;
/// <see cref="References"/> are stored as written. Both are null when an update keeps the credentials.
/// </summary>
public sealed record ValidConnection(
    string Alias,
    string Name,
    Providers.Provider Provider,
    Uri Target,
    Providers.AuthType AuthType,
    IReadOnlyDictionary<string, string>? Literals,
    IReadOnlyDictionary<string, string>? References,
    IReadOnlyDictionary<string, string> Settings,
    bool IsActive,
    DateTimeOffset? ExpiresAt,
    RotationPolicy Rotation,
    SharedWith SharedWith,
    IReadOnlyDictionary<string, string> Metadata)
{
    public IReadOnlyList<string>? CredentialFields =>
        Literals is null || References is null ? null : [.. Literals.Keys.Concat(References.Keys).Order(StringComparer.Ordinal)];
}
