namespace Switchboard.Core.Ports;

/// <summary>A stored value with the ETag that an update must present (optimistic concurrency).</summary>
public sealed record Versioned<T>(T Value, string ETag);

/// <summary>One page of a list and the token for the next one (null on the last page).</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string? ContinuationToken);

/// <summary>Who asks, for audit entries and created/updated stamps.</summary>
public sealed record Caller(string ActorId, string CorrelationId);
