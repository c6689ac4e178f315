using Switchboard.Core.Errors;

namespace Switchboard.Core.Hubs;

public enum KeySource
{
    Microsoft,
    CustomerManaged,
}

/// <summary>
/// How a hub's data is encrypted. Fixed at creation: the key source never changes, and a customer-managed
/// key may be rotated only within the same vault (a new key name or version).
/// </summary>
public sealed record HubEncryption(KeySource KeySource, Uri? KeyVaultUri, string? KeyName, string? KeyVersion)
{
    public static readonly HubEncryption MicrosoftManaged = new(KeySource.Microsoft, null, null, null);

    /// <summary>Checks a requested encryption on its own: customer-managed needs a vault and a key.</summary>
    public HubEncryption Validated()
    {
        if (KeySource == KeySource.CustomerManaged)
        {
            if (KeyVaultUri is null || !KeyVaultUri.IsAbsoluteUri || KeyVaultUri.Scheme != "https")
            {
                throw SwitchboardException.Validation("encryption.keyVaultUri", "A customer-managed key needs the https URI of its vault.");
            }
            if (string.IsNullOrWhiteSpace(KeyName))
            {
                throw SwitchboardException.Validation("encryption.keyName", "A customer-managed key needs a key name.");
            }
        }
        else if (KeyVaultUri is not null || KeyName is not null || KeyVersion is not null)
        {
            throw SwitchboardException.Validation("encryption", "Microsoft-managed keys take no vault, key name or version.");
        }
        return this;
    }

    /// <summary>The encryption after an update that asks for <paramref name="requested"/>.</summary>
    public HubEncryption ChangeTo(HubEncryption requested)
    {
        if (requested.KeySource != KeySource)
        {
            throw new SwitchboardException(ErrorCode.EncryptionImmutable,
                "A hub's encryption key source is fixed when the hub is created.");
        }
        if (KeySource == KeySource.CustomerManaged && !SameVault(KeyVaultUri!, requested.KeyVaultUri!))
        {
            throw new SwitchboardException(ErrorCode.KeyVaultChangeNotAllowed,
                "A customer-managed key can be rotated only within the same key vault.");
        }
        return requested;
    }

    private static bool SameVault(Uri a, Uri b) =>
        string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;
}
