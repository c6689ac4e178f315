using Switchboard.Core;
using Switchboard.Core.Connections;
using Switchboard.Core.Ports;

namespace Switchboard.Core.Expiry;

/// <summary>
/// Keeps the expiry index in step with every write of a connection's expiry: the new entry is written before
/// the row and the old one removed after, so a crash in between leaves at most a stale entry, which the scan
/// recognises (the row no longer points to it) and drops.
/// </summary>
public sealed class ExpiryTracking(IExpiryIndex index)
{
    /// <summary>
    /// The connection as it should be stored: a changed expiry starts the announcements afresh, and the next
    /// due time follows from what was last announced (a time already past is due now).
    /// </summary>
    public static Connection Track(Connection? before, Connection after, DateTimeOffset now)
    {
        var changed = before is null || before.ExpiresAt != after.ExpiresAt || before.Rotation.NotifyBefore != after.Rotation.NotifyBefore;
        var notified = changed ? CredentialStatus.Valid : after.NotifiedStatus;
        var due = NextDue(after.ExpiresAt, after.Rotation.NotifyBefore, notified);
        return after with { NotifiedStatus = notified, ExpiryDue = due < now ? now : due };
    }

    /// <summary>When the status will next change beyond what subscribers were told: the warning, then the expiry.</summary>
    public static DateTimeOffset? NextDue(DateTimeOffset? expiresAt, TimeSpan notifyBefore, CredentialStatus notified) =>
        expiresAt is null ? null
        : notified == CredentialStatus.Expired ? null
        : notified == CredentialStatus.ExpiringSoon ? expiresAt
        : Dates.Minus(expiresAt.Value, notifyBefore);

    public Task BeforeWriteAsync(Connection after, CancellationToken ct) =>
        after.ExpiryDue is { } due ? index.PutAsync(Entry(after, due), ct) : Task.CompletedTask;

    public Task AfterWriteAsync(Connection? before, Connection? after, CancellationToken ct) =>
        before?.ExpiryDue is { } old && old != after?.ExpiryDue ? index.RemoveAsync(Entry(before, old), ct) : Task.CompletedTask;

    public static ExpiryEntry Entry(Connection connection, DateTimeOffset due) => new(connection.Hub, connection.Id, connection.Alias, due);
}
