using Switchboard.KeyVaultEmulator.Secrets;

namespace Switchboard.KeyVaultEmulator.Keys;

/// <summary>
/// One version of an RSA key. Immutable, as secret versions are. The private part never leaves
/// the emulator except in its own state file; <see cref="N"/> and <see cref="E"/> are the public
/// part, kept so that a read does not parse the private key.
/// </summary>
/// <param name="PrivateKey">PKCS#8, for wrap and unwrap and the state file.</param>
public sealed record KeyVersion(
    string Version,
    string Kty,
    int KeySize,
    byte[] PrivateKey,
    byte[] N,
    byte[] E,
    IReadOnlyList<string> KeyOps,
    IReadOnlyDictionary<string, string>? Tags,
    bool Enabled,
    long? NotBefore,
    long? Expires,
    long Created,
    long Updated,
    long Sequence);

/// <summary>A key as seen at one moment: its name as first written, one version, and its deletion if any.</summary>
public sealed record KeyView(string Name, KeyVersion Version, Deletion? Deletion);

/// <summary>Every version of one key, for the state file.</summary>
public sealed record KeyHistory(string Name, Deletion? Deletion, IReadOnlyList<KeyVersion> Versions);

/// <summary>What a create request asks for.</summary>
internal sealed record KeyInput(
    string Kty,
    int KeySize,
    IReadOnlyList<string> KeyOps,
    IReadOnlyDictionary<string, string>? Tags,
    bool? Enabled,
    long? NotBefore,
    long? Expires);

/// <summary>What a PATCH changes; as for secrets, absent and null are different requests.</summary>
internal sealed record KeyPatch(
    Field<IReadOnlyList<string>?> KeyOps,
    Field<IReadOnlyDictionary<string, string>?> Tags,
    Field<bool?> Enabled,
    Field<long?> NotBefore,
    Field<long?> Expires);
