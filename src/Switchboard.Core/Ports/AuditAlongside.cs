namespace Switchboard.Core.Ports;

/// <summary>
/// Writes an action's audit entry while the action runs, so the entry costs no round trip of its own, and still
/// answers only once the entry is stored: nothing is revealed or reported done without its audit entry. An action
/// that fails retracts its entry; one whose entry turns out to need correcting (the stored alias's spelling, the
/// project that owns a shared connection) rewrites it in place.
/// </summary>
public static class AuditAlongside
{
    public static async Task<T> RunAsync<T>(IAuditLog audit, AuditEntry entry, Func<Task<T>> action,
        Func<T, AuditEntry> corrected, CancellationToken ct)
    {
        var writing = audit.WriteAsync(entry, ct);
        T result;
        try
        {
            result = await action();
        }
        catch
        {
            await RetractQuietlyAsync(audit, writing, entry);
            throw;
        }
        await writing;
        var final = corrected(result);
        if (final.Project != entry.Project || final.Alias != entry.Alias)
        {
            await audit.ReplaceAsync(final with { Id = entry.Id, Time = entry.Time }, ct);
        }
        return result;
    }

    private static async Task RetractQuietlyAsync(IAuditLog audit, Task writing, AuditEntry entry)
    {
        try
        {
            await writing;
            await audit.RetractAsync(entry, CancellationToken.None);
        }
        catch (Exception)
        {
            // Either the entry was never written, or it stays: an entry for an action that did not happen errs on
            // the side of the audit, never the other way.
        }
    }
}
