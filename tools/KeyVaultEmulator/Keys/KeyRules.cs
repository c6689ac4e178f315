using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Switchboard.KeyVaultEmulator.Errors;

namespace Switchboard.KeyVaultEmulator.Keys;

/// <summary>
/// What the service accepts for keys: names as for secrets, RSA and RSA-HSM of 2048, 3072 or 4096
/// bits, the JSON Web Key operations, and the RSA wrapping algorithms. Breaking one answers 400 BadParameter.
/// </summary>
internal static partial class KeyRules
{
    public const string WrapKey = "wrapKey";
    public const string UnwrapKey = "unwrapKey";

    public static readonly IReadOnlyList<int> KeySizes = [2048, 3072, 4096];

    // The service's default for an RSA key: every operation it supports.
    public static readonly IReadOnlyList<string> DefaultOps = ["encrypt", "decrypt", "sign", "verify", WrapKey, UnwrapKey];

    private static readonly HashSet<string> KnownOps = new(DefaultOps.Append("import").Append("export"), StringComparer.Ordinal);

    [GeneratedRegex("^[0-9a-zA-Z-]{1,127}$")]
    private static partial Regex NamePattern();

    public static void CheckName(string name)
    {
        if (!NamePattern().IsMatch(name))
        {
            throw Bad($"The request URI contains an invalid name: {name}. A key name is 1-127 characters of 0-9, a-z, A-Z and '-'.");
        }
    }

    public static void CheckKty(string kty)
    {
        if (kty is not ("RSA" or "RSA-HSM"))
        {
            throw Bad($"The key type '{kty}' is not supported by the emulator; use RSA or RSA-HSM.");
        }
    }

    public static void CheckKeySize(int size)
    {
        if (!KeySizes.Contains(size))
        {
            throw Bad($"The key size {size} is not supported for RSA keys; use 2048, 3072 or 4096.");
        }
    }

    public static void CheckOps(IReadOnlyList<string> ops)
    {
        if (ops.FirstOrDefault(op => !KnownOps.Contains(op)) is { } unknown)
        {
            throw Bad($"Invalid key operation '{unknown}'.");
        }
    }

    /// <summary>The padding of a wrapping algorithm; an unknown one answers 400 as the service does.</summary>
    public static RSAEncryptionPadding Padding(string? algorithm) => algorithm switch
    {
        "RSA-OAEP" => RSAEncryptionPadding.OaepSHA1,
        "RSA-OAEP-256" => RSAEncryptionPadding.OaepSHA256,
        "RSA1_5" => RSAEncryptionPadding.Pkcs1,
        _ => throw Bad($"Invalid algorithm '{algorithm}' for an RSA key; use RSA-OAEP, RSA-OAEP-256 or RSA1_5."),
    };

    public static KeyVaultErrorException Bad(string message) => new(KeyVaultErrors.BadParameter(message));
}
