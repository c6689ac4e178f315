using Azure;
using Azure.Data.Tables;

namespace Switchboard.Workflows.Storage;

/// <summary>Instance rows. Writes answer false when another writer got there first (409, 412, 404), never throw for it.</summary>
internal sealed class InstanceStore(WorkflowStorage storage)
{
    public async Task<InstanceEntity?> GetAsync(string instanceId, CancellationToken ct)
    {
        var table = await storage.InstancesAsync(ct);
        var found = await table.GetEntityIfExistsAsync<InstanceEntity>(instanceId, InstanceEntity.InstanceRowKey, cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    public async Task<bool> TryAddAsync(InstanceEntity row, CancellationToken ct)
    {
        var table = await storage.InstancesAsync(ct);
        try
        {
            var response = await table.AddEntityAsync(row, ct);
            row.ETag = response.Headers.ETag ?? default;
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Replaces the row if it still has the ETag it was read with, and takes the new ETag.</summary>
    public async Task<bool> TryReplaceAsync(InstanceEntity row, CancellationToken ct)
    {
        var table = await storage.InstancesAsync(ct);
        try
        {
            var response = await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, ct);
            row.ETag = response.Headers.ETag ?? default;
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    public async Task<bool> TryDeleteAsync(InstanceEntity row, CancellationToken ct)
    {
        var table = await storage.InstancesAsync(ct);
        try
        {
            await table.DeleteEntityAsync(row, row.ETag, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>Rows matching a filter built with <see cref="TableClient.CreateQueryFilter(FormattableString)"/>.</summary>
    public async IAsyncEnumerable<InstanceEntity> QueryAsync(string? filter,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var table = await storage.InstancesAsync(ct);
        await foreach (var row in table.QueryAsync<InstanceEntity>(filter, cancellationToken: ct))
        {
            yield return row;
        }
    }
}
