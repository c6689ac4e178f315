namespace Switchboard.Storage.KeyVault;

/// <summary>Where Switchboard keeps credentials, and which vaults a hub may bring as its own.</summary>
public sealed class KeyVaultOptions
{
    public const string Section = "Switchboard:KeyVault";

    /// <summary>The service's own vault, for hubs without a Key Vault connection.</summary>
    public Uri? ManagedVaultUri { get; set; }

    /// <summary>Host suffixes a hub's own vault may have. Production: Key Vault's own domains only.</summary>
    public List<string> AllowedHostSuffixes { get; set; } =
        [".vault.azure.net", ".vault.azure.cn", ".vault.usgovcloudapi.net", ".vault.microsoftazure.de"];

    /// <summary>
    /// Set to the emulator's PEM certificate to talk to tools/KeyVaultEmulator: a static token is sent and only
    /// that certificate is trusted. Never set in Azure.
    /// </summary>
    public string? EmulatorCertificatePath { get; set; }

    public bool UsesEmulator => !string.IsNullOrWhiteSpace(EmulatorCertificatePath);

    /// <summary>Secret writes a Key Vault migration makes per target vault in any 10 seconds (Key Vault allows 300).</summary>
    public int MigrationWritesPer10Seconds { get; set; } = 300;

    /// <summary>Whether a hub may use this vault URI as its own.</summary>
    public bool IsAllowedVault(Uri uri) =>
        uri.IsAbsoluteUri && uri.Scheme == Uri.UriSchemeHttps && string.IsNullOrEmpty(uri.UserInfo)
        && (uri.AbsolutePath == "/")
        && AllowedHostSuffixes.Any(s => s.StartsWith('.')
            ? uri.Host.EndsWith(s, StringComparison.OrdinalIgnoreCase) && uri.Host.Length > s.Length
            : uri.Authority.Equals(s, StringComparison.OrdinalIgnoreCase));
}
