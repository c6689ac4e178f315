namespace Switchboard.KeyVaultEmulator.Admin;

// Admin request bodies. Every field is optional so that a missing one can be told from a zero.

internal sealed record CreateVaultRequest(string? Name, bool? PurgeProtection, int? RecoverableDays, int? Port);

internal sealed record FaultsRequest(
    double? ThrottleRate,
    int? RetryAfterSeconds,
    double? ErrorRate,
    int? DelayMs,
    int? ThrottleNext,
    int? ErrorNext);

internal sealed record AccessRequest(bool? Forbidden, DateTimeOffset? ForbiddenUntil, int? ForbiddenForRequests, string? InnerCode);

internal sealed record SettingsRequest(bool? PurgeProtection, int? RecoverableDays);

internal sealed record VaultSummary(string Name, string Uri, bool PurgeProtection, int RecoverableDays, string RecoveryLevel);

internal sealed record AdminError(string Error);
