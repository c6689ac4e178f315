using Azure.Data.Tables;

namespace Switchboard.Bench;

/// <summary>
/// The storage calls one API request makes (as the counting service counted them), made raw against the timed
/// Azurite, one after another: what the request would cost if the service added nothing but its storage calls.
/// API time minus this is the service's own share (HTTP, middleware, serialization, waiting between calls).
/// Table reads and inserts only; a profile with other calls yields no sequence. <c>AtOnce</c> makes the same calls
/// all at the same time, as the service makes a listSecrets' row read and audit write.
/// </summary>
public static class RawSequence
{
    public static async Task<(Func<int, Task>? Sequence, Func<int, Task>? AtOnce, string Description)> BuildAsync(BenchContext context, CallProfile profile)
    {
        var calls = new List<Func<int, Task>>();
        var names = new List<string>();
        foreach (var (kind, perRequest) in profile.Storage)
        {
            var times = (int)Math.Round(perRequest);
            if (times == 0)
            {
                continue;
            }
            var parts = kind.Split(' ');
            if (parts is not ["table", "GET" or "POST", _])
            {
                return (null, null, $"'{kind}' is not a table read or insert");
            }
            var guard = parts[2].EndsWith("[guard]", StringComparison.Ordinal);
            var tableName = BenchContext.Prefix + parts[2].Replace("[guard]", "", StringComparison.Ordinal);
            var table = context.Raw.Tables.GetTableClient(tableName);
            Func<int, Task> call;
            if (parts[1] == "POST")
            {
                call = _ => table.AddEntityAsync(new TableEntity("rawsequence", Guid.NewGuid().ToString("N"))
                {
                    ["Time"] = DateTimeOffset.UtcNow,
                    ["Actor"] = "admin-key",
                    ["Action"] = "connection.secretsListed",
                    ["Project"] = "",
                    ["Alias"] = "bench-000",
                    ["CorrelationId"] = Guid.NewGuid().ToString("N"),
                    ["Details"] = "{\"version\":\"current\",\"scope\":\"hub\"}",
                });
            }
            else if (tableName == context.RawConnections.Name)
            {
                call = guard
                    ? _ => table.GetEntityIfExistsAsync<TableEntity>(BenchContext.ReadHub, "guard")
                    : i => table.GetEntityAsync<TableEntity>(BenchContext.ReadHub, "c|" + BenchContext.Alias(i % BenchContext.ReadConnections));
            }
            else
            {
                // Some row of that table: a point read costs the same whichever row it is.
                TableEntity? any = null;
                await foreach (var row in table.QueryAsync<TableEntity>(maxPerPage: 1))
                {
                    any = row;
                    break;
                }
                if (any is null)
                {
                    return (null, null, $"table {tableName} is empty");
                }
                var (pk, rk) = (any.PartitionKey, any.RowKey);
                call = _ => table.GetEntityAsync<TableEntity>(pk, rk);
            }
            for (var t = 0; t < times; t++)
            {
                calls.Add(call);
                names.Add(kind.Replace("table ", "", StringComparison.Ordinal));
            }
        }
        async Task Sequence(int i)
        {
            foreach (var call in calls)
            {
                await call(i);
            }
        }
        Task AtOnce(int i) => Task.WhenAll(calls.Select(call => call(i)));
        return (Sequence, calls.Count > 1 ? AtOnce : null, string.Join(" + ", names));
    }
}
