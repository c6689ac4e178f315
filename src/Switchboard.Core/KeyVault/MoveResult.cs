namespace Switchboard.Core.KeyVault;

/// <summary>One connection's outcome; <see cref="SecretName"/> names its secret in the source vault, to delete once the hub has moved.</summary>
public sealed record MoveResult(string Alias, MoveOutcome Outcome, string? SecretName = null, string? Detail = null);
