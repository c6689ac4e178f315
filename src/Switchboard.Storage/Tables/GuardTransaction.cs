using Azure;
using Azure.Data.Tables;
using Switchboard.Core.Errors;
using Switchboard.Core.Ports;

namespace Switchboard.Storage.Tables;

/// <summary>
/// One entity group transaction: a write to a connection row and the hub's guard row of the same partition,
/// the guard conditioned on the ETag it was read with. Either both land or neither does.
/// </summary>
internal static class GuardTransaction
{
    public static async Task<IReadOnlyList<Response>> SubmitAsync(
        TableClient table, string hub, string guardETag, HubGuard newGuard, TableTransactionAction rowAction,
        Func<int, SwitchboardException> onRowFailure, CancellationToken ct)
    {
        var guardEntity = ConnectionEntities.FromGuard(hub, newGuard);
        var guardAction = guardETag.Length == 0
            ? new TableTransactionAction(TableTransactionActionType.Add, guardEntity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, guardEntity, new ETag(guardETag));
        try
        {
            var response = await table.SubmitTransactionAsync([rowAction, guardAction], ct);
            return response.Value;
        }
        catch (TableTransactionFailedException e)
        {
            throw e.FailedTransactionActionIndex == 0 ? onRowFailure(e.Status) : TableErrors.Stale($"Hub '{hub}'");
        }
    }
}
