using Switchboard.Core.Connections;
using Switchboard.Core.Operations;
using Switchboard.Core.Ports;
using Switchboard.Core.Rotation;
using Switchboard.Workflows.Rotation;

namespace Switchboard.Api.Operations;

/// <summary>
/// Starts rotations, for the API and for auto-rotation: writes the pending version, starts the orchestration
/// under the connection's singleton id, and if another rotation won the race, disables the version it wrote.
/// </summary>
public sealed class RotationStarter(RotationService rotation, IOperations operations) : IRotationStarter
{
    /// <summary>The running rotation's id, or null when none runs.</summary>
    public async Task<string?> RunningAsync(Connection connection, CancellationToken ct)
    {
        var id = RotationOrchestrator.InstanceIdFor(connection.Id);
        return await operations.GetAsync(id, ct) is { IsLive: true } ? id : null;
    }

    /// <summary>Returns the operation id, or throws OperationInProgress when a rotation already runs.</summary>
    public async Task<string> StartAsync(ConnectionScope scope, Connection connection, IReadOnlyDictionary<string, string>? credentials, Caller caller,
        bool revokePrevious, CancellationToken ct)
    {
        var id = RotationOrchestrator.InstanceIdFor(connection.Id);
        var target = await rotation.PrepareAsync(scope, connection.Alias, credentials, ct);
        try
        {
            await operations.StartAsync(RotationOrchestrator.Name, id, new RotationRequest(target, caller.ActorId, caller.CorrelationId, revokePrevious), ct);
        }
        catch (OperationAlreadyRunningException)
        {
            // Another request won the race: its rotation goes on, this one's pending version must never be used.
            await rotation.DiscardAsync(target, CancellationToken.None);
            throw OperationsApi.InProgress(id, $"A rotation of connection '{connection.Alias}'");
        }
        await rotation.AuditAsync(target, "rotation.started", caller.ActorId, caller.CorrelationId,
            new Dictionary<string, string> { ["operationId"] = id, ["generated"] = (credentials is null).ToString() }, ct);
        return id;
    }

    /// <summary>Auto-rotation: generated credentials; nothing when a rotation already runs.</summary>
    public async Task<string?> StartGeneratedAsync(Connection connection, Caller caller, CancellationToken ct)
    {
        if (await RunningAsync(connection, ct) is not null)
        {
            return null;
        }
        try
        {
            return await StartAsync(new ConnectionScope(connection.Hub, connection.Project), connection, null, caller, false, ct);
        }
        catch (Core.Errors.SwitchboardException e) when (e.Code == Core.Errors.ErrorCode.OperationInProgress)
        {
            return null;
        }
    }
}
