namespace Switchboard.Core.KeyVault;

/// <summary>
/// A migration's first step: the vault the hub's credentials are in (its source), or why the migration may not
/// start (an error code and message), answered rather than thrown so the operation fails at once, not after retries.
/// </summary>
public sealed record MigrationStart(Uri? Source, string? RefusalCode = null, string? RefusalMessage = null);
