namespace Switchboard.KeyVaultEmulator.Pipeline;

/// <summary>
/// Endpoint metadata naming the operation (for the counters) and the access-policy permission it
/// needs (for the 403 message). Kept apart from endpoint names, which must be unique per route.
/// </summary>
internal sealed record VaultOperation(string Name, string Permission)
{
    public static readonly VaultOperation Unsupported = new("Unsupported", "get");
}
