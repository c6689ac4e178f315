using System.Text.Json.Serialization;
using Switchboard.Core.KeyVault;

namespace Switchboard.Workflows.KeyVaultMigration;

/// <summary>The migration once begun: its request and the vault the credentials come from.</summary>
public sealed record MigrationLeg(KeyVaultMigrationRequest Request, Uri Source);

public sealed record MoveBatch(MigrationLeg Leg, IReadOnlyList<MigrationItem> Items);

public sealed record SourceCleanup(MigrationLeg Leg, IReadOnlyList<string> SecretNames);

/// <param name="Moved">How many connections moved.</param>
/// <param name="FailureReason">Why the migration is rolled back; null when it succeeded.</param>
public sealed record MigrationOutcome(MigrationLeg Leg, int Moved, string? FailureReason = null);

/// <summary>A finished migration's output.</summary>
public sealed record KeyVaultMigrationResult(
    [property: JsonPropertyName("from")] Uri From,
    [property: JsonPropertyName("to")] Uri To,
    [property: JsonPropertyName("connections")] int Connections);
