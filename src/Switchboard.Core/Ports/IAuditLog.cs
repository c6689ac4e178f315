namespace Switchboard.Core.Ports;

/// <summary>One audited action: who did what to which connection or resource, when, under which request.</summary>
public sealed record AuditEntry(
    string Hub,
    DateTimeOffset Time,
    string Actor,
    string Action,
    string? Project,
    string? Alias,
    string CorrelationId,
    IReadOnlyDictionary<string, string>? Details = null)
{
    /// <summary>Tells entries of the same instant apart; with <see cref="Time"/> it names the entry, so a write made
    /// while its action was still running can be corrected or retracted.</summary>
    public string Id { get; init; } = Guid.NewGuid().ToString("N")[..8];
}

public sealed record AuditQuery(DateTimeOffset? From, DateTimeOffset? To, string? Alias, string? Action);

/// <summary>The audit trail, newest first. Entries never hold a credential value.</summary>
public interface IAuditLog
{
    Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Replaces the entry with the same time and id (writes it if it is missing).</summary>
    Task ReplaceAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Removes the entry with the same time and id, if there is one.</summary>
    Task RetractAsync(AuditEntry entry, CancellationToken cancellationToken);

    Task<ListPage<AuditEntry>> QueryAsync(string hub, AuditQuery query, int top, string? continuationToken, CancellationToken cancellationToken);
}

/// <summary>The audit action names, as they appear in entries and filters.</summary>
public static class AuditActions
{
    public const string HubCreated = "hub.created";
    public const string HubUpdated = "hub.updated";
    public const string ProjectCreated = "project.created";
    public const string ProjectUpdated = "project.updated";
    public const string ConnectionCreated = "connection.created";
    public const string ConnectionUpdated = "connection.updated";
    public const string CredentialsChanged = "connection.credentialsChanged";
    public const string ConnectionDeleted = "connection.deleted";
    public const string ConnectionDisabled = "connection.disabled";
    public const string ConnectionEnabled = "connection.enabled";
    public const string SecretsListed = "connection.secretsListed";
    public const string ConnectionTested = "connection.tested";
    public const string OrphanSecretRemoved = "connection.orphanSecretRemoved";
    public const string DependentAdded = "dependent.added";
    public const string DependentRemoved = "dependent.removed";
}
