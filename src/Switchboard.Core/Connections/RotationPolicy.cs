namespace Switchboard.Core.Connections;

/// <summary>
/// When a credential is due: warn <see cref="NotifyBefore"/> ahead of expiry, keep the previous version for
/// <see cref="GracePeriod"/> after a rotation, give each new version <see cref="ValidityPeriod"/> of life, and test
/// a new version as <see cref="Test"/> says.
/// </summary>
public sealed record RotationPolicy(TimeSpan NotifyBefore, bool AutoRotate, TimeSpan GracePeriod, TimeSpan? ValidityPeriod,
    RotationTestMode Test = RotationTestMode.Required)
{
    public static readonly RotationPolicy Default = new(TimeSpan.FromDays(30), false, TimeSpan.FromDays(1), null);

    public CredentialStatus StatusOf(DateTimeOffset? expiresAt, DateTimeOffset now) =>
        expiresAt is null ? CredentialStatus.Unknown
        : now >= expiresAt ? CredentialStatus.Expired
        : now >= Dates.Minus(expiresAt.Value, NotifyBefore) ? CredentialStatus.ExpiringSoon
        : CredentialStatus.Valid;

    /// <summary>The expiry a credential written at <paramref name="changedAt"/> gets, when the policy sets one.</summary>
    public DateTimeOffset? ExpiryOfVersionWrittenAt(DateTimeOffset changedAt, DateTimeOffset? requested) =>
        requested ?? (ValidityPeriod is { } period ? Dates.Plus(changedAt, period) : null);
}
