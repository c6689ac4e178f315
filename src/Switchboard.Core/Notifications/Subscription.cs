using Switchboard.Core.Hubs;

namespace Switchboard.Core.Notifications;

/// <summary>The outcome of the last delivery to a subscriber.</summary>
public sealed record DeliveryStatus(DateTimeOffset At, bool Succeeded, string Detail, string EventType);

/// <summary>
/// A webhook subscriber of a hub: where to POST which events. Its signing secret lives in Key Vault
/// (<see cref="SecretName"/>, <see cref="SecretVersion"/>) and is never shown again.
/// </summary>
public sealed record Subscription(
    string Hub, string Id, Uri Url, IReadOnlyList<string> EventTypes, string SecretName, string SecretVersion,
    DeliveryStatus? LastDelivery, Audit Stamp);

public static class EventTypes
{
    public const string Expiring = "switchboard.connection.expiring";
    public const string Expired = "switchboard.connection.expired";
    public const string Rotated = "switchboard.connection.rotated";
    public const string RotationFailed = "switchboard.connection.rotationFailed";
    public const string Disabled = "switchboard.connection.disabled";
    public const string Deleted = "switchboard.connection.deleted";
    public const string KeyVaultUnhealthy = "switchboard.keyvault.unhealthy";
    public const string KeyVaultMigrated = "switchboard.keyvault.migrated";

    public static readonly IReadOnlyList<string> All = [Expiring, Expired, Rotated, RotationFailed, Disabled, Deleted, KeyVaultUnhealthy, KeyVaultMigrated];
}
