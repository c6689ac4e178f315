using Azure;
using Azure.Data.Tables;
using Switchboard.Core.Errors;
using Switchboard.Core.Ports;

namespace Switchboard.Storage.Tables;

/// <summary>
/// One entity group transaction: writes to a connection's rows and the hub's guard row of the same partition,
/// the guard conditioned on the ETag it was read with. Either all land or none does. The responses come in the
/// order of <c>rowActions</c>, the guard's last.
/// </summary>
internal static class GuardTransaction
{
    public static async Task<IReadOnlyList<Response>> SubmitAsync(
        TableClient table, string hub, string guardETag, HubGuard newGuard, IReadOnlyList<TableTransactionAction> rowActions,
        Func<int, SwitchboardException> onRowFailure, CancellationToken ct)
    {
        var guardEntity = ConnectionEntities.FromGuard(hub, newGuard);
        var guardAction = guardETag.Length == 0
            ? new TableTransactionAction(TableTransactionActionType.Add, guardEntity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, guardEntity, new ETag(guardETag));
        try
        {
            var response = await table.SubmitTransactionAsync([.. rowActions, guardAction], ct);
            return response.Value;
        }
        catch (TableTransactionFailedException e)
        {
            throw e.FailedTransactionActionIndex < rowActions.Count ? onRowFailure(e.Status) : TableErrors.Stale($"Hub '{hub}'");
        }
    }
}
