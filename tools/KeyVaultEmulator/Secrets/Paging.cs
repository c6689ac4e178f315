using System.Buffers.Text;
using System.Text;
using Switchboard.KeyVaultEmulator.Vaults;

namespace Switchboard.KeyVaultEmulator.Secrets;

/// <summary>One page of a list and the key of its last item when more follow.</summary>
internal sealed record PageOf<T>(IReadOnlyList<T> Items, string? ContinueAfter);

/// <summary>
/// Keyset paging: the skip token carries the sort key of the last item served, so a page never
/// repeats or skips an item because another client added or deleted secrets in between.
/// </summary>
internal static class Paging
{
    public const int MaxPageSize = 25;

    public static PageOf<T> Take<T>(IEnumerable<T> items, Func<T, string> key, string? after, int max)
    {
        var page = items
            .Select(item => (Key: key(item), Item: item))
            .Where(x => after is null || string.CompareOrdinal(x.Key, after) > 0)
            .OrderBy(x => x.Key, StringComparer.Ordinal)
            .Take(max + 1)
            .ToList();
        var more = page.Count > max;
        if (more)
        {
            page.RemoveAt(max);
        }
        return new PageOf<T>(page.Select(x => x.Item).ToList(), more ? page[^1].Key : null);
    }

    public static (string? After, int Size) Request(HttpRequest request) =>
        (DecodeToken(request.Query["$skiptoken"]), SecretRules.PageSize(request.Query["maxresults"]));

    /// <summary>
    /// An absolute URL on the same vault, as the service gives; the SDK follows it as it is.
    /// It repeats the api-version and page size and carries the skip token.
    /// </summary>
    public static string? NextLink<T>(HttpRequest request, Vault vault, PageOf<T> page, int size)
    {
        if (page.ContinueAfter is null)
        {
            return null;
        }
        var apiVersion = request.Query["api-version"].ToString();
        var query = (apiVersion.Length > 0 ? $"api-version={Uri.EscapeDataString(apiVersion)}&" : "")
            + $"$skiptoken={EncodeToken(page.ContinueAfter)}&maxresults={size}";
        return $"{vault.Uri}{request.Path.Value!.TrimStart('/')}?{query}";
    }

    public static string EncodeToken(string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(key));

    public static string? DecodeToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw new Errors.KeyVaultErrorException(Errors.KeyVaultErrors.BadParameter("The skip token is not valid."));
        }
    }

    /// <summary>Names sort case-insensitively, as they compare.</summary>
    public static string NameKey(string name) => name.ToUpperInvariant();

    public static string SequenceKey(long sequence) => sequence.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
}
