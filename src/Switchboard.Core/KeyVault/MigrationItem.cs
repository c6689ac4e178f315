namespace Switchboard.Core.KeyVault;

/// <summary>A connection a Key Vault migration has to move: its alias (to read its row) and id (to know it is the same one).</summary>
public sealed record MigrationItem(string Alias, string Id);
