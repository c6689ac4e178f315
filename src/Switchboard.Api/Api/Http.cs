using Switchboard.Core.Errors;
using Switchboard.Core.Ports;
using Switchboard.Api.Access;
using Switchboard.Api.Hosting;

namespace Switchboard.Api.Api;

/// <summary>Small things every endpoint needs from the request: the caller, If-Match, paging.</summary>
public static class Http
{
    public const int DefaultTop = 100;
    public const int MaxTop = 1000;

    public static Caller CallerOf(HttpContext context) => new(CallerPrincipals.ActorOf(context.User), CorrelationId.Of(context));

    public static string? IfMatch(HttpRequest request) =>
        request.Headers.IfMatch.Count == 0 ? null : request.Headers.IfMatch.ToString();

    public static int Top(int? top) => top switch
    {
        null => DefaultTop,
        < 1 or > MaxTop => throw SwitchboardException.Validation("top", $"Between 1 and {MaxTop}."),
        _ => top.Value,
    };

    /// <summary>The storage's continuation token that the caller sent back; 400 for one this list did not issue.</summary>
    public static string? ContinuationOf(HttpRequest request, string? continuationToken) =>
        ContinuationTokens.Read(request, continuationToken);

    /// <summary>The absolute URL of the next page, or null on the last one.</summary>
    public static string? NextLink(HttpRequest request, string? continuationToken)
    {
        if (continuationToken is null)
        {
            return null;
        }
        var query = request.Query.Where(q => q.Key != ContinuationTokens.Parameter)
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"{ContinuationTokens.Parameter}={ContinuationTokens.Issue(request, continuationToken)}");
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{string.Join('&', query)}";
    }

    public static void SetETag(HttpResponse response, string etag) => response.Headers.ETag = etag;
}

/// <summary>The claims the authentication layer puts on a caller.</summary>
public static class CallerClaims
{
    public const string ActorId = "switchboard/actor";
}

/// <summary>A list response: <c>{ "value": [...], "nextLink": "..." }</c>.</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Value, string? NextLink);
