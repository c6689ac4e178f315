using System.Net;
using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;

namespace Switchboard.Bench.Scenarios;

/// <summary>
/// Scenario 2: POST a connection through the API against what it minimally takes by hand: SetSecretAsync of
/// the credentials (the same JSON, content type and tags) and one insert of a row shaped like the service's.
/// One client, each create a new alias.
/// </summary>
public sealed class CreateConnectionScenario : IScenario
{
    private const string Hub = "benchcreate";
    private const string RawPartition = "rawcreate";

    public int Number => 2;
    public string Name => "Create a connection";
    public string Target => "within 1.5x of raw table insert + SecretClient.SetSecretAsync (p50, 1 client)";

    public async Task RunAsync(BenchContext context, ScenarioResult result)
    {
        await context.EnsureReadFixtureAsync();
        await BenchContext.EnsureHubAsync(context.Api, Hub);
        // A row the service wrote, as the template of the raw insert: same columns, same sizes.
        var template = (await context.RawConnections.GetEntityAsync<TableEntity>(BenchContext.ReadHub, "c|" + BenchContext.Alias(0))).Value;
        var run = context.RunId;

        Task Api(string tag, int i) => context.Api.CallAsync(HttpMethod.Post, $"api/hubs/{Hub}/connections",
            BenchContext.OpenAiConnection($"c{run}-{tag}{i}", $"sk-bench-{run}-{tag}{i}"), HttpStatusCode.Created);

        // One new connection's secret and row, shaped like the service's.
        (KeyVaultSecret Secret, TableEntity Row) NewConnection(string tag, int i)
        {
            var alias = $"c{run}-{tag}{i}";
            var id = Guid.NewGuid().ToString("N");
            var secret = new KeyVaultSecret("sb-" + id, $"{{\"key\":\"sk-bench-{run}-{tag}{i}\"}}");
            secret.Properties.ContentType = "application/json";
            secret.Properties.Tags["switchboard-store"] = "0123456789abcdef";
            secret.Properties.Tags["switchboard-hub"] = RawPartition;
            secret.Properties.Tags["switchboard-project"] = "";
            secret.Properties.Tags["switchboard-alias"] = alias;
            secret.Properties.Tags["switchboard-connection"] = id;
            var row = CopyOf(template, RawPartition, "c|" + alias);
            row["Id"] = id;
            row["Alias"] = alias;
            row["SecretName"] = secret.Name;
            return (secret, row);
        }

        async Task Raw(string tag, int i)
        {
            var (secret, row) = NewConnection(tag, i);
            var saved = await context.Raw.Secrets.SetSecretAsync(secret);
            row["CurrentVersion"] = saved.Value.Properties.Version;
            await context.RawConnections.AddEntityAsync(row);
        }

        // Warm-up long enough for the tiered JIT to finish with the create path (the first rows measured it half-compiled).
        await Load.CompareAsync(1, context.Options.Scale(200, 8), 2, i => Raw("w", i), i => Api("w", i));
        var perSide = context.Options.Scale(400, 20);
        var (raw, api) = await Load.CompareAsync(1, perSide, 4, i => Raw("m", i), i => Api("m", i));
        var row = new ResultRow("create vs SetSecretAsync + insert, 1 client", 1, api.Stats(), raw.Stats());
        result.Rows.Add(row);
        ReadScenario.Errors(result, api, raw);
        result.Measured = Report.Inv($"{row.RatioP50:0.00}x (p50)");
        result.Met = row.RatioP50 <= 1.5;

        // The service's own share: the calls a create makes (counted below), made raw, in a row and then grouped as
        // the service groups them (the two reads at once; the secret; the guarded insert and the audit entry at once).
        var audit = context.Raw.Tables.GetTableClient(BenchContext.Prefix + "Audit");
        Task ReadGuard() => context.RawConnections.GetEntityIfExistsAsync<TableEntity>(RawPartition, "guard");
        Task ReadAlias(TableEntity row) => context.RawConnections.GetEntityIfExistsAsync<TableEntity>(RawPartition, row.RowKey);
        Task Insert(TableEntity row, int i) => context.RawConnections.SubmitTransactionAsync([
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(RawPartition, "guard") { ["ConnectionCount"] = i }),
            new TableTransactionAction(TableTransactionActionType.Add, row)]);
        Task Audit(TableEntity row) => audit.AddEntityAsync(new TableEntity(RawPartition, Guid.NewGuid().ToString("N"))
        {
            ["Time"] = DateTimeOffset.UtcNow, ["Actor"] = "admin-key", ["Action"] = "connection.created", ["Project"] = "",
            ["Alias"] = row["Alias"], ["CorrelationId"] = Guid.NewGuid().ToString("N"),
        });
        async Task InARow(string tag, int i)
        {
            var (secret, row) = NewConnection(tag, i);
            await ReadGuard();
            await ReadAlias(row);
            row["CurrentVersion"] = (await context.Raw.Secrets.SetSecretAsync(secret)).Value.Properties.Version;
            await Insert(row, i);
            await Audit(row);
        }
        async Task Grouped(string tag, int i)
        {
            var (secret, row) = NewConnection(tag, i);
            await Task.WhenAll(ReadGuard(), ReadAlias(row));
            row["CurrentVersion"] = (await context.Raw.Secrets.SetSecretAsync(secret)).Value.Properties.Version;
            await Task.WhenAll(Insert(row, i), Audit(row));
        }
        var ownCalls = "GET guard, GET alias, SetSecret, $batch guard + row, POST Audit";
        var (inARow, apiVsInARow) = await Load.CompareAsync(1, perSide, 4, i => InARow("r", i), i => Api("r", i));
        result.Rows.Add(new ResultRow($"create vs its own calls made raw in a row ({ownCalls}), 1 client", 1, apiVsInARow.Stats(), inARow.Stats()));
        var (grouped, apiVsGrouped) = await Load.CompareAsync(1, perSide, 4, i => Grouped("g", i), i => Api("g", i));
        result.Rows.Add(new ResultRow("create vs its own calls made raw, grouped as the service groups them, 1 client", 1, apiVsGrouped.Stats(), grouped.Stats()));

        if (await context.CountingAsync() is { } stack)
        {
            await BenchContext.EnsureHubAsync(stack.Api, Hub);
            var profile = await stack.ProfileAsync(20, (api, i) => api.CallAsync(HttpMethod.Post, $"api/hubs/{Hub}/connections",
                BenchContext.OpenAiConnection($"p{run}-{i + 2}", "sk-bench-profile"), HttpStatusCode.Created));
            result.Details["callsPerRequest"] = profile;
            result.Notes.Add($"Each create makes {profile} (counted on the counting service); the baseline makes 1 storage and 1 Key Vault call.");
        }
    }

    /// <summary>The template's columns under new keys (no ETag, no timestamp).</summary>
    internal static TableEntity CopyOf(TableEntity template, string partitionKey, string rowKey)
    {
        var copy = new TableEntity(partitionKey, rowKey);
        foreach (var (key, value) in template)
        {
            if (key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag") && !key.EndsWith("@odata.type", StringComparison.Ordinal))
            {
                copy[key] = value;
            }
        }
        return copy;
    }
}
