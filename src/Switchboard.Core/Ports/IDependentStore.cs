namespace Switchboard.Core.Ports;

/// <summary>Something that uses a connection (a profile, an app); while one is registered, delete is refused.</summary>
public sealed record Dependent(string Id, string Kind, string? Name, DateTimeOffset CreatedAt, string CreatedBy);

public interface IDependentStore
{
    Task<Versioned<Dependent>> UpsertAsync(string hub, string connectionId, Dependent dependent, CancellationToken cancellationToken);
    Task<IReadOnlyList<Versioned<Dependent>>> ListAsync(string hub, string connectionId, CancellationToken cancellationToken);
    Task<bool> DeleteAsync(string hub, string connectionId, string id, CancellationToken cancellationToken);
    Task DeleteAllAsync(string hub, string connectionId, CancellationToken cancellationToken);
}
