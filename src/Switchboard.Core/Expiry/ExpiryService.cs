using Switchboard.Core.Connections;
using Switchboard.Core.Ports;
using Switchboard.Core.Providers;

namespace Switchboard.Core.Expiry;

/// <summary>What one scan did.</summary>
public sealed record ExpiryScanResult(int Due, int Announced, int RotationsStarted);

/// <summary>
/// Sees credential expiry coming: the scan (a timer) and Key Vault's events look at the connections that are
/// due, record the new credential status, audit it, tell subscribers once per change, and start a rotation
/// where the connection asks for it and its provider can generate credentials.
/// </summary>
public sealed class ExpiryService(
    IConnectionStore connections, IExpiryIndex index, ExpiryTracking tracking, IAuditLog audit, INotifier notifier,
    IRotationStarter rotations, TimeProvider clock)
{
    private static readonly Caller Scanner = new("system:expiry", "expiry-scan");

    public async Task<ExpiryScanResult> ScanAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await index.DueAsync(now, ct);
        int announced = 0, rotated = 0;
        foreach (var entry in due)
        {
            // One point read by the alias the entry carries: the scan's cost follows what is due, not the hub's size.
            var found = await connections.GetAsync(entry.Hub, entry.Alias, ct);
            if (found is null || found.Value.Id != entry.ConnectionId || found.Value.ExpiryDue != entry.DueAt)
            {
                // Stale: the connection is gone, or a later write moved it in the index.
                await index.RemoveAsync(entry, ct);
                continue;
            }
            try
            {
                var outcome = await EvaluateAsync(found, now, floor: null, ct);
                announced += outcome.Announced ? 1 : 0;
                rotated += outcome.RotationStarted ? 1 : 0;
            }
            catch (Errors.SwitchboardException e) when (e.Code == Errors.ErrorCode.PreconditionFailed)
            {
                // Changed meanwhile (a write, an event, another scan): whoever changed it re-indexed it.
            }
        }
        // A day of overlap: a write racing this scan near midnight is still read by the next one.
        await index.AdvanceAsync(now.AddDays(-1), ct);
        return new ExpiryScanResult(due.Count, announced, rotated);
    }

    /// <summary>
    /// Looks at one connection now. <paramref name="floor"/> is what Key Vault says (an event), which counts even
    /// when Switchboard knows no expiry. Idempotent: a status already announced is not announced again.
    /// </summary>
    public async Task<(bool Announced, bool RotationStarted)> EvaluateAsync(Versioned<Connection> found, DateTimeOffset now, CredentialStatus? floor, CancellationToken ct)
    {
        var connection = found.Value;
        var status = connection.CredentialStatusAt(now);
        if (floor is { } f && (status == CredentialStatus.Unknown || Rank(f) > Rank(status)))
        {
            status = f;
        }
        if (Rank(status) <= Rank(connection.NotifiedStatus))
        {
            return (false, false);
        }

        var updated = connection with { NotifiedStatus = status };
        var due = ExpiryTracking.NextDue(updated.ExpiresAt, updated.Rotation.NotifyBefore, status);
        updated = updated with { ExpiryDue = due < now ? now : due };
        await tracking.BeforeWriteAsync(updated, ct);
        await connections.ReplaceAsync(updated, found.ETag, ct);
        await tracking.AfterWriteAsync(connection, updated, ct);

        var expired = status == CredentialStatus.Expired;
        var details = new Dictionary<string, string> { ["credentialStatus"] = status.ToString() };
        if (connection.ExpiresAt is { } expiresAt)
        {
            details["expiresAt"] = expiresAt.ToString("O");
        }
        await audit.WriteAsync(new AuditEntry(connection.Hub, now, Scanner.ActorId, expired ? "connection.expired" : "connection.expiring",
            connection.Project, connection.Alias, Scanner.CorrelationId, details), ct);
        await notifier.NotifyAsync(new Notification(expired ? "switchboard.connection.expired" : "switchboard.connection.expiring",
            connection.Hub, connection.Project, connection.Alias, details), ct);

        var rotationStarted = false;
        if (connection.Rotation.AutoRotate && connection.IsActive && ProviderCatalog.Find(connection.Provider) is { CanGenerateCredentials: true }
            && connection.AuthType == AuthType.ApiKey)
        {
            var operation = await rotations.StartGeneratedAsync(connection, Scanner, ct);
            rotationStarted = operation is not null;
            if (operation is not null)
            {
                await audit.WriteAsync(new AuditEntry(connection.Hub, now, Scanner.ActorId, "rotation.autoStarted", connection.Project, connection.Alias,
                    Scanner.CorrelationId, new Dictionary<string, string> { ["operationId"] = operation }), ct);
            }
        }
        return (true, rotationStarted);
    }

    private static int Rank(CredentialStatus status) => status switch
    {
        CredentialStatus.Expired => 2,
        CredentialStatus.ExpiringSoon => 1,
        _ => 0,
    };
}
