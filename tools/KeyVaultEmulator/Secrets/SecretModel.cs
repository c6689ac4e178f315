namespace Switchboard.KeyVaultEmulator.Secrets;

/// <summary>
/// One version of a secret. Immutable: an update swaps the record, so a view handed out of the
/// store's lock can be serialised without racing a writer.
/// </summary>
/// <param name="Sequence">Creation order within the vault; the paging key for version lists.</param>
public sealed record SecretVersion(
    string Version,
    string Value,
    string? ContentType,
    IReadOnlyDictionary<string, string>? Tags,
    bool Enabled,
    long? NotBefore,
    long? Expires,
    long Created,
    long Updated,
    long Sequence);

/// <summary>When a secret was soft-deleted and when the vault purges it by itself (Unix seconds).</summary>
public sealed record Deletion(long DeletedDate, long ScheduledPurgeDate);

/// <summary>A secret as seen at one moment: its name as first written, one version, and its deletion if any.</summary>
public sealed record SecretView(string Name, SecretVersion Version, Deletion? Deletion);

/// <summary>Every version of one secret, for the admin dump and the state file.</summary>
public sealed record SecretHistory(string Name, Deletion? Deletion, IReadOnlyList<SecretVersion> Versions);

/// <summary>What a PUT may carry besides the value.</summary>
internal sealed record SecretInput(
    string Value,
    string? ContentType,
    IReadOnlyDictionary<string, string>? Tags,
    bool? Enabled,
    long? NotBefore,
    long? Expires);

/// <summary>
/// What a PATCH changes. A field is changed only when the request named it (null clears it),
/// which is why each one is wrapped: absent and null are different requests.
/// </summary>
internal sealed record SecretPatch(
    Field<string?> ContentType,
    Field<IReadOnlyDictionary<string, string>?> Tags,
    Field<bool?> Enabled,
    Field<long?> NotBefore,
    Field<long?> Expires);

internal readonly record struct Field<T>(bool IsSet, T Value)
{
    public static Field<T> Absent => default;

    public T Or(T current) => IsSet ? Value : current;
}
