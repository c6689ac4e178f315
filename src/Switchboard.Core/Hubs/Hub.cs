namespace Switchboard.Core.Hubs;

/// <summary>An AI hub: the top of the hierarchy that owns projects and connections.</summary>
public sealed record Hub(
    string Name,
    string? DisplayName,
    HubEncryption Encryption,
    HubState State,
    Audit Stamp);

public enum HubState
{
    Active,
    /// <summary>A teardown runs: every write to the hub is refused with HubDeleting.</summary>
    Deleting,
}

/// <summary>A project of a hub. <see cref="Deleting"/>: a teardown runs and writes to the project are refused.</summary>
public sealed record Project(string Hub, string Name, string? DisplayName, Audit Stamp, bool Deleting = false);

/// <summary>Who created and last changed something, and when.</summary>
public sealed record Audit(DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public static Audit New(DateTimeOffset now, string actor) => new(now, actor, now, actor);

    public Audit Touch(DateTimeOffset now, string actor) => this with { UpdatedAt = now, UpdatedBy = actor };
}
