using System.Text.RegularExpressions;

namespace Switchboard.Core;

/// <summary>The name rules of API.md: hubs and projects are DNS-like, aliases are case-insensitively unique.</summary>
public static partial class Names
{
    /// <summary>Hub and project names: 3-63 of lowercase letters, digits and hyphens, not starting or ending with one.</summary>
    public static bool IsValidResourceName(string? name) => name is not null && ResourceName().IsMatch(name);

    /// <summary>Connection aliases: 1-63 of letters, digits and hyphens, starting with a letter or digit.</summary>
    public static bool IsValidAlias(string? alias) => alias is not null && Alias().IsMatch(alias);

    /// <summary>The form an alias is compared in: "OpenAI-Prod" and "openai-prod" are the same alias.</summary>
    public static string AliasKey(string alias) => alias.ToLowerInvariant();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex ResourceName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Alias();
}
