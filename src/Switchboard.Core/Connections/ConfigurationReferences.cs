using System.Text.RegularExpressions;
using Switchboard.Core.Errors;

namespace Switchboard.Core.Connections;

/// <summary>
/// A value written <c>$Section:Key</c> is a reference to the app's configuration: stored as written, resolved
/// only when secrets are listed, and accepted only under an allowed prefix (default <c>References:</c>),
/// so a caller cannot read arbitrary settings of the service through a connection.
/// </summary>
public sealed partial class ConfigurationReferences(IReadOnlyList<string> allowedPrefixes)
{
    public static readonly IReadOnlyList<string> DefaultPrefixes = ["References:"];

    public static bool IsReference(string value) => value.StartsWith('$');

    /// <summary>The configuration key of a reference: "$References:OpenAI:Key" -> "References:OpenAI:Key".</summary>
    public static string KeyOf(string reference) => reference[1..];

    /// <summary>Throws ConfigurationReferenceNotAllowed unless the reference is well formed and allowed.</summary>
    public void Check(string field, string reference)
    {
        var key = KeyOf(reference);
        var allowed = KeyFormat().IsMatch(key)
            && allowedPrefixes.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase) && key.Length > p.Length);
        if (!allowed)
        {
            throw new SwitchboardException(ErrorCode.ConfigurationReferenceNotAllowed,
                $"The configuration reference in '{field}' is not allowed: references must name a key under " +
                string.Join(" or ", allowedPrefixes.Select(p => $"'{p}'")) + ".",
                new Dictionary<string, string[]> { [field] = ["Configuration reference not allowed."] });
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyFormat();
}
