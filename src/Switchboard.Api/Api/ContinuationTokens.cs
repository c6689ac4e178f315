using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Switchboard.Core.Errors;

namespace Switchboard.Api.Api;

/// <summary>
/// The continuation tokens of list responses are bound to the list they page: the storage's own token travels
/// with a hash of the path and the filters (everything in the query but the token and <c>top</c>). A token that
/// does not decode, or comes back on another list, scope or filter, is refused with 400 instead of being handed
/// to storage, so a token issued for one hub cannot be replayed on another.
/// </summary>
public static class ContinuationTokens
{
    public const string Parameter = "continuationToken";
    private const int BindingLength = 16;

    public static string Issue(HttpRequest request, string storageToken)
    {
        var inner = Encoding.UTF8.GetBytes(storageToken);
        var token = new byte[BindingLength + inner.Length];
        BindingOf(request).CopyTo(token, 0);
        inner.CopyTo(token, BindingLength);
        return WebEncoders.Base64UrlEncode(token);
    }

    /// <summary>The storage's token inside <paramref name="token"/>, or null for the first page.</summary>
    public static string? Read(HttpRequest request, string? token)
    {
        if (token is null)
        {
            return null;
        }
        byte[] bytes;
        try
        {
            bytes = WebEncoders.Base64UrlDecode(token);
        }
        catch (FormatException)
        {
            throw Invalid();
        }
        if (bytes.Length <= BindingLength || !CryptographicOperations.FixedTimeEquals(bytes.AsSpan(0, BindingLength), BindingOf(request)))
        {
            throw Invalid();
        }
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes, BindingLength, bytes.Length - BindingLength);
        }
        catch (DecoderFallbackException)
        {
            throw Invalid();
        }
    }

    private static byte[] BindingOf(HttpRequest request)
    {
        var filters = request.Query
            .Where(q => q.Key is not (Parameter or "top"))
            .OrderBy(q => q.Key, StringComparer.Ordinal)
            .Select(q => $"{q.Key}={q.Value}");
        var text = request.Path.Value?.ToLowerInvariant() + "?" + string.Join('&', filters);
        return SHA256.HashData(Encoding.UTF8.GetBytes(text))[..BindingLength];
    }

    private static SwitchboardException Invalid() =>
        SwitchboardException.Validation(Parameter, "Not a token this list issued: start again from the first page.");
}
