using Microsoft.Extensions.Options;

namespace Switchboard.Storage.KeyVault;

/// <summary>Stops the app at start-up with a message that names the Key Vault setting to fix.</summary>
internal sealed class KeyVaultOptionsValidator : IValidateOptions<KeyVaultOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyVaultOptions options)
    {
        var failures = new List<string>();
        if (options.ManagedVaultUri is not { IsAbsoluteUri: true, Scheme: "https" })
        {
            failures.Add($"Setting '{KeyVaultOptions.Section}:ManagedVaultUri' must be the https URI of the service's Key Vault.");
        }
        if (options.UsesEmulator && !File.Exists(options.EmulatorCertificatePath))
        {
            failures.Add($"Setting '{KeyVaultOptions.Section}:EmulatorCertificatePath' names a file that does not exist.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
