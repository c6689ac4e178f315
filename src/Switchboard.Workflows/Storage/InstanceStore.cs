using Azure;
using Azure.Data.Tables;

namespace Switchboard.Workflows.Storage;

/// <summary>
/// Instance rows and, in the same partition, their history rows. A write of the row and its new events is one
/// entity group transaction: both or neither. Writes answer false when another writer got there first (409,
/// 412, 404), never throw for it.
/// </summary>
internal sealed class InstanceStore(WorkflowStorage storage)
{
    /// <summary>Operations in one entity group transaction.</summary>
    private const int TransactionLimit = 100;

    private static readonly string InstanceRows = TableClient.CreateQueryFilter($"RowKey eq {InstanceEntity.InstanceRowKey}");

    public async Task<InstanceEntity?> GetAsync(string instanceId, CancellationToken ct)
    {
        var table = await storage.InstancesAsync(ct);
        var found = await table.GetEntityIfExistsAsync<InstanceEntity>(instanceId, InstanceEntity.InstanceRowKey, cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>
    /// Adds the row (<paramref name="insert"/>) or replaces it if it still has the ETag it was read with, together
    /// with its new history rows, and takes the new ETag.
    /// </summary>
    public async Task<bool> TryWriteAsync(InstanceEntity row, IReadOnlyList<HistoryEntity> history, bool insert, CancellationToken ct)
    {
        // A commit makes a handful of events (see Transitions); more would not fit the one transaction.
        if (history.Count >= TransactionLimit)
        {
            throw new InvalidOperationException($"A commit of {history.Count} history events does not fit one transaction.");
        }
        var table = await storage.InstancesAsync(ct);
        TableTransactionAction[] actions =
        [
            insert ? new(TableTransactionActionType.Add, row) : new(TableTransactionActionType.UpdateReplace, row, row.ETag),
            // Upserts: rows a lost commit left behind (none should) are simply overwritten.
            .. history.Select(h => new TableTransactionAction(TableTransactionActionType.UpsertReplace, h)),
        ];
        try
        {
            var response = await table.SubmitTransactionAsync(actions, ct);
            row.ETag = response.Value[0].Headers.ETag ?? default;
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return false;
        }
    }

    /// <summary>
    /// Deletes the row, if it still has its ETag, with the history rows named. The last transaction holds the
    /// row: history beyond it goes first, so a process dying midway leaves the row for the next purge to finish.
    /// </summary>
    public async Task<bool> TryDeleteAsync(InstanceEntity row, IReadOnlyList<string> historyRowKeys, CancellationToken ct)
    {
        var table = await storage.InstancesAsync(ct);
        var history = historyRowKeys.Select(key => new TableTransactionAction(TableTransactionActionType.Delete,
            new TableEntity(row.PartitionKey, key), ETag.All)).ToList();
        var early = Math.Max(0, history.Count - (TransactionLimit - 1));
        try
        {
            foreach (var chunk in history.Take(early).Chunk(TransactionLimit))
            {
                await table.SubmitTransactionAsync(chunk, ct);
            }
            await table.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.Delete, row, row.ETag), .. history.Skip(early)], ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            // The row changed (restarted under the same id) or another purge got there first.
            return false;
        }
    }

    /// <summary>Deletes history rows of an execution no row points at any more (a transaction fails whole if one is gone).</summary>
    public async Task DeleteHistoryAsync(string instanceId, IReadOnlyList<string> historyRowKeys, CancellationToken ct)
    {
        var table = await storage.InstancesAsync(ct);
        foreach (var key in historyRowKeys.Chunk(TransactionLimit))
        {
            await table.SubmitTransactionAsync(key.Select(k => new TableTransactionAction(TableTransactionActionType.Delete,
                new TableEntity(instanceId, k), ETag.All)), ct);
        }
    }

    /// <summary>
    /// Instance rows (never history rows) matching a filter built with
    /// <see cref="TableClient.CreateQueryFilter(FormattableString)"/>, or all of them.
    /// </summary>
    public async IAsyncEnumerable<InstanceEntity> QueryAsync(string? filter,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var table = await storage.InstancesAsync(ct);
        var scoped = filter is null ? InstanceRows : $"{InstanceRows} and ({filter})";
        await foreach (var row in table.QueryAsync<InstanceEntity>(scoped, cancellationToken: ct))
        {
            yield return row;
        }
    }
}
