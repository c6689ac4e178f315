using System.Text.RegularExpressions;
using Switchboard.KeyVaultEmulator.Errors;

namespace Switchboard.KeyVaultEmulator.Secrets;

/// <summary>The service's limits on names, values and tags; breaking one answers 400 BadParameter.</summary>
internal static partial class SecretRules
{
    public const int MaxValueLength = 25_600;
    public const int MaxTags = 15;
    public const int MaxTagLength = 256;

    [GeneratedRegex("^[0-9a-zA-Z-]{1,127}$")]
    private static partial Regex NamePattern();

    public static void CheckName(string name)
    {
        if (!NamePattern().IsMatch(name))
        {
            throw Bad($"The request URI contains an invalid name: {name}. A secret name is 1-127 characters of 0-9, a-z, A-Z and '-'.");
        }
    }

    public static void CheckValue(string value)
    {
        if (value.Length > MaxValueLength)
        {
            throw Bad($"The secret value is {value.Length} characters long; the limit is {MaxValueLength}.");
        }
    }

    public static void CheckTags(IReadOnlyDictionary<string, string>? tags)
    {
        if (tags is null)
        {
            return;
        }
        if (tags.Count > MaxTags)
        {
            throw Bad($"There are {tags.Count} tags; at most {MaxTags} are allowed.");
        }
        foreach (var (key, value) in tags)
        {
            if (key.Length > MaxTagLength || value.Length > MaxTagLength)
            {
                throw Bad($"Tag '{Shorten(key)}' is too long; tag names and values are at most {MaxTagLength} characters.");
            }
        }
    }

    public static int PageSize(string? maxResults)
    {
        if (string.IsNullOrEmpty(maxResults))
        {
            return Paging.MaxPageSize;
        }
        if (!int.TryParse(maxResults, out var size) || size < 1 || size > Paging.MaxPageSize)
        {
            throw Bad($"maxresults must be an integer from 1 to {Paging.MaxPageSize}; got '{maxResults}'.");
        }
        return size;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static KeyVaultErrorException Bad(string message) => new(KeyVaultErrors.BadParameter(message));
}
