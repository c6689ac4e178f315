using System.Security.Cryptography;
using Switchboard.KeyVaultEmulator.Errors;

namespace Switchboard.KeyVaultEmulator.Keys;

/// <summary>RSA key material and the two operations the emulator performs with it.</summary>
internal sealed record KeyMaterial(byte[] PrivateKey, byte[] N, byte[] E)
{
    public static KeyMaterial Generate(int keySize)
    {
        using var rsa = RSA.Create(keySize);
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        return new KeyMaterial(rsa.ExportPkcs8PrivateKey(), parameters.Modulus!, parameters.Exponent!);
    }

    public static byte[] Wrap(KeyVersion key, string? algorithm, byte[] plaintext)
    {
        var padding = KeyRules.Padding(algorithm);
        using var rsa = Load(key);
        try
        {
            return rsa.Encrypt(plaintext, padding);
        }
        catch (CryptographicException)
        {
            // The only way a well-formed request fails here: more bytes than the padding leaves room for.
            throw KeyRules.Bad($"The value is {plaintext.Length} bytes, too long to wrap with {algorithm} under a {key.KeySize}-bit key.");
        }
    }

    public static byte[] Unwrap(KeyVersion key, string? algorithm, byte[] ciphertext)
    {
        var padding = KeyRules.Padding(algorithm);
        using var rsa = Load(key);
        try
        {
            return rsa.Decrypt(ciphertext, padding);
        }
        catch (CryptographicException)
        {
            throw new KeyVaultErrorException(KeyVaultErrors.BadParameter("Unable to unwrap the value: it was not wrapped by this key version with this algorithm."));
        }
    }

    private static RSA Load(KeyVersion key)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(key.PrivateKey, out _);
        return rsa;
    }
}
