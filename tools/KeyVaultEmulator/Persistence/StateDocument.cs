using Switchboard.KeyVaultEmulator.Keys;
using Switchboard.KeyVaultEmulator.Secrets;
using Switchboard.KeyVaultEmulator.Vaults;

namespace Switchboard.KeyVaultEmulator.Persistence;

/// <summary>
/// The state file: every vault's settings, secrets and keys (with their private parts) (all versions, live and deleted), keyed by
/// vault name. Ports are not kept: ids are made from the vault's address at answer time, so a
/// vault restarted on another port serves the same secrets under its new address. Faults, access
/// rules and counters are test knobs and are not kept.
/// </summary>
internal sealed record StateDocument(int Format, Dictionary<string, VaultState> Vaults)
{
    public const int CurrentFormat = 1;
}

/// <param name="Keys">Null in a file written before the emulator served keys.</param>
internal sealed record VaultState(VaultSettings Settings, IReadOnlyList<SecretHistory> Secrets, IReadOnlyList<KeyHistory>? Keys);
