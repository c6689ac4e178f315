namespace Switchboard.KeyVaultEmulator.Errors;

/// <summary>
/// The errors the emulator answers, with the codes and (close to) the messages the real service
/// uses, so that client code matching on them behaves the same against both.
/// </summary>
public static class KeyVaultErrors
{
    private const string HelpLink = "For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182";

    public static KeyVaultError Unauthorized() =>
        new(401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");

    public static KeyVaultError ForbiddenByPolicy(string vault, string permission, string innerCode) =>
        new(403, "Forbidden",
            $"The user, group or application 'appid=00000000-0000-0000-0000-000000000000;oid=00000000-0000-0000-0000-000000000000' " +
            $"does not have {permission} permission on key vault '{vault};location=local'. " +
            "For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287",
            innerCode);

    public static KeyVaultError SecretDisabled() =>
        new(403, "Forbidden", "Operation get is not allowed on a disabled secret.", "SecretDisabled");

    // The real service answers a refused purge without an inner error.
    public static KeyVaultError PurgeProtected(string vault) =>
        new(403, "Forbidden",
            "Operation \"purge\" is not allowed because purge protection is enabled for this vault. " +
            $"Key Vault service will automatically purge it after the retention period has passed.\r\nVault: {vault};location=local");

    public static KeyVaultError SecretNotFound(string name, string? version = null) =>
        new(404, "SecretNotFound",
            $"A secret with (name/id) {(version is null ? name : $"{name}/{version}")} was not found in this key vault. " +
            $"If you recently deleted this secret you may be able to recover it using the correct recovery command. {HelpLink}");

    public static KeyVaultError DeletedSecretNotFound(string name) =>
        new(404, "SecretNotFound", $"Deleted Secret not found: {name}");

    public static KeyVaultError DeletedButRecoverable(string name) =>
        new(409, "Conflict",
            $"Secret {name} is currently in a deleted but recoverable state, and its name cannot be reused; " +
            "in this state, the secret can only be recovered or purged.",
            "ObjectIsDeletedButRecoverable");

    public static KeyVaultError KeyNotFound(string name, string? version = null) =>
        new(404, "KeyNotFound",
            $"A key with (name/id) {(version is null ? name : $"{name}/{version}")} was not found in this key vault. " +
            $"If you recently deleted this key you may be able to recover it using the correct recovery command. {HelpLink}");

    public static KeyVaultError DeletedKeyNotFound(string name) =>
        new(404, "KeyNotFound", $"Deleted Key not found: {name}");

    public static KeyVaultError KeyDeletedButRecoverable(string name) =>
        new(409, "Conflict",
            $"Key {name} is currently in a deleted but recoverable state, and its name cannot be reused; " +
            "in this state, the key can only be recovered or purged.",
            "ObjectIsDeletedButRecoverable");

    // A disabled key still answers a get; only cryptographic operations are refused.
    public static KeyVaultError KeyDisabled(string operation) =>
        new(403, "Forbidden", $"Operation {operation} is not allowed on a disabled key.", "KeyDisabled");

    public static KeyVaultError KeyNotValidNow(string operation) =>
        new(403, "Forbidden", $"Operation {operation} is not allowed on a key that is expired or not yet valid.");

    public static KeyVaultError KeyOperationNotPermitted(string operation) =>
        new(403, "Forbidden", $"Operation {operation} is not permitted on this key: it is not among the key's key_ops.");

    public static KeyVaultError BadParameter(string message) => new(400, "BadParameter", message);

    public static KeyVaultError Throttled() =>
        new(429, "Throttled",
            "Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached");

    public static KeyVaultError InternalServerError() =>
        new(500, "InternalServerError", "The emulator injected a server error (fault injection).");

    public static KeyVaultError NoSuchRoute(string method, string path) =>
        new(404, "NotFound", $"The emulator serves the secrets and keys APIs only; there is no route for {method} {path}.");
}
