namespace Switchboard.KeyVaultEmulator.Pipeline;

/// <summary>
/// Endpoint metadata naming the operation (for the counters) and the access-policy permission it
/// needs, with its object kind, as the 403 message names it ("secrets get", "keys wrapKey"). Kept apart from endpoint names, which must be unique per route.
/// </summary>
internal sealed record VaultOperation(string Name, string Permission)
{
    public static readonly VaultOperation Unsupported = new("Unsupported", "secrets get");
}
