using Azure;
using Switchboard.Core.Ports;

namespace Switchboard.Storage.Tables;

internal static class Paging
{
    /// <summary>One page of a query, starting at the caller's continuation token.</summary>
    public static async Task<ListPage<T>> FirstPageAsync<TEntity, T>(
        AsyncPageable<TEntity> query, int top, string? continuationToken, Func<TEntity, T?> map)
        where TEntity : notnull
        where T : class
    {
        await foreach (var page in query.AsPages(continuationToken, top))
        {
            return new ListPage<T>([.. page.Values.Select(map).OfType<T>()], page.ContinuationToken);
        }
        return new ListPage<T>([], null);
    }
}
