using Azure;
using Switchboard.Core.Errors;

namespace Switchboard.Storage.Tables;

/// <summary>Table Storage's answers that mean something to the domain.</summary>
internal static class TableErrors
{
    public static bool IsNotFound(this RequestFailedException e) => e.Status == 404;
    public static bool IsConflict(this RequestFailedException e) => e.Status == 409;
    public static bool IsPreconditionFailed(this RequestFailedException e) => e.Status == 412;

    public static SwitchboardException Stale(string what) =>
        new(ErrorCode.PreconditionFailed, $"{what} has changed since it was read. Read it again.");
}
