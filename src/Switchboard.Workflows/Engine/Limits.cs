namespace Switchboard.Workflows.Engine;

/// <summary>What fits in a table row and key.</summary>
internal static class Limits
{
    /// <summary>A string property holds 64 KiB, i.e. 32K UTF-16 characters; keep a margin.</summary>
    public const int MaxJsonChars = 30_000;

    private const int MaxInstanceIdLength = 200;

    /// <summary>Instance ids are partition keys and part of a wake-up message: no key-forbidden characters, no '|'.</summary>
    public static bool IsValidInstanceId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxInstanceIdLength
        && !id.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?' or '|' or '"');
}
