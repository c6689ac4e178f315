namespace Switchboard.KeyVaultEmulator.Vaults;

/// <summary>
/// Per-vault options that change what the service answers: how long a deleted secret stays
/// recoverable and whether it may be purged before then.
/// </summary>
public sealed record VaultSettings(bool PurgeProtection = false, int RecoverableDays = VaultSettings.DefaultRecoverableDays)
{
    public const int DefaultRecoverableDays = 90;
    public const int MinRecoverableDays = 7;

    /// <summary>
    /// The service's DeletionRecoveryLevel: "Customized" when retention is shorter than 90 days,
    /// "+Purgeable" unless purge protection is on.
    /// </summary>
    public string RecoveryLevel =>
        (RecoverableDays < DefaultRecoverableDays ? "CustomizedRecoverable" : "Recoverable") + (PurgeProtection ? "" : "+Purgeable");

    public static bool IsValidRecoverableDays(int days) => days is >= MinRecoverableDays and <= DefaultRecoverableDays;
}
