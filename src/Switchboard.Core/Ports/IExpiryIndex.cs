namespace Switchboard.Core.Ports;

/// <summary>A connection the expiry scan must look at, and when.</summary>
public sealed record ExpiryEntry(string Hub, string ConnectionId, string Alias, DateTimeOffset DueAt);

/// <summary>
/// Connections by the day their credential status next changes, so the scan reads only what is due, whatever
/// the number of connections.
/// </summary>
public interface IExpiryIndex
{
    Task PutAsync(ExpiryEntry entry, CancellationToken cancellationToken);
    Task RemoveAsync(ExpiryEntry entry, CancellationToken cancellationToken);

    /// <summary>Entries due at or before <paramref name="now"/>.</summary>
    Task<IReadOnlyList<ExpiryEntry>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Everything before <paramref name="day"/> has been handled: later scans start there.</summary>
    Task AdvanceAsync(DateTimeOffset day, CancellationToken cancellationToken);
}

/// <summary>Starts a rotation with generated credentials (auto-rotation); returns the operation id.</summary>
public interface IRotationStarter
{
    Task<string?> StartGeneratedAsync(Connections.Connection connection, Caller caller, CancellationToken cancellationToken);
}
