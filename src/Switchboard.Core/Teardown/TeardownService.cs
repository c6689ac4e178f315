using Switchboard.Core.Connections;
using Switchboard.Core.Errors;
using Switchboard.Core.Hubs;
using Switchboard.Core.KeyVault;
using Switchboard.Core.Ports;

namespace Switchboard.Core.Teardown;

/// <summary>What a teardown removes: a whole hub, or one project.</summary>
public sealed record TeardownTarget(string Hub, string? Project, string Actor, string CorrelationId)
{
    public Caller Caller => new(Actor, CorrelationId);
}

/// <summary>
/// Removing a hub or a project in the order Key Vault connections demand: project connections, hub
/// connections, the Key Vault connection, projects, the hub. Each operation is idempotent and works in
/// batches, so a teardown interrupted anywhere resumes where it stood.
/// </summary>
public sealed class TeardownService(
    HubService hubService, IHubStore hubs, IConnectionStore connections, IKeyVaultConnectionStore vaults,
    ConnectionService connectionService, IApiKeyStore keys, IRoleAssignmentStore assignments, IAuditLog audit, TimeProvider clock)
{
    public const int Batch = 25;

    /// <summary>Closes the hub or project to writes (409 HubDeleting from now on). Idempotent.</summary>
    public async Task BeginAsync(TeardownTarget target, CancellationToken ct)
    {
        if (target.Project is not null)
        {
            var project = await hubs.GetProjectAsync(target.Hub, target.Project, ct) ?? throw SwitchboardException.NotFound($"Project '{target.Project}'");
            if (!project.Value.Deleting)
            {
                await hubs.ReplaceProjectAsync(project.Value with { Deleting = true }, project.ETag, ct);
            }
            return;
        }
        var hub = await hubs.GetHubAsync(target.Hub, ct) ?? throw SwitchboardException.NotFound($"Hub '{target.Hub}'");
        if (hub.Value.State != HubState.Deleting && (await connections.GetGuardAsync(target.Hub, ct)).Value.MigratingTo is not null)
        {
            // Its credentials are in two vaults until the migration ends or rolls back: delete the hub after that.
            throw KeyVaultMigrationService.InProgress(target.Hub);
        }
        if (hub.Value.State != HubState.Deleting)
        {
            await hubs.ReplaceHubAsync(hub.Value with { State = HubState.Deleting }, hub.ETag, ct);
        }
        // The guard is what connection creates serialise on: marking it closes the race with a create in flight.
        for (var attempt = 0; ; attempt++)
        {
            var guard = await connections.GetGuardAsync(target.Hub, ct);
            if (guard.Value.Deleting)
            {
                return;
            }
            try
            {
                await connections.ReplaceGuardAsync(target.Hub, guard.Value with { Deleting = true }, guard.ETag, ct);
                return;
            }
            catch (SwitchboardException e) when (e.Code == ErrorCode.PreconditionFailed && attempt < 20)
            {
            }
        }
    }

    /// <summary>Deletes up to a batch of connections (with their secrets); returns how many are left to do.</summary>
    public async Task<int> DeleteConnectionsAsync(TeardownTarget target, bool projectConnections, CancellationToken ct)
    {
        var all = await connections.ScanAsync(target.Hub, 1000, ct);
        var due = all.Where(c => target.Project is not null
                ? c.Value.Project == target.Project
                : projectConnections ? c.Value.Project is not null : c.Value.Project is null)
            .ToList();
        foreach (var connection in due.Take(Batch))
        {
            await connectionService.RemoveForTeardownAsync(connection, target.Caller, ct);
        }
        return Math.Max(0, due.Count - Batch);
    }

    public async Task DeleteKeyVaultConnectionAsync(TeardownTarget target, CancellationToken ct)
    {
        var vault = await vaults.GetAsync(target.Hub, ct);
        if (vault is null)
        {
            return;
        }
        var guard = await connections.GetGuardAsync(target.Hub, ct);
        await vaults.DeleteAsync(target.Hub, vault.ETag, guard, guard.Value with { KeyVault = KeyVaultState.None, VaultUri = null }, ct);
        await WriteAuditAsync(target, "keyvault.removed", ct);
    }

    /// <summary>Deletes up to a batch of projects (or the one project); returns how many are left.</summary>
    public async Task<int> DeleteProjectsAsync(TeardownTarget target, CancellationToken ct)
    {
        if (target.Project is not null)
        {
            await hubs.DeleteProjectAsync(target.Hub, target.Project, ct);
            await WriteAuditAsync(target, "project.deleted", ct);
            return 0;
        }
        var page = await hubs.ListProjectsAsync(target.Hub, Batch, null, ct);
        foreach (var project in page.Items)
        {
            await hubs.DeleteProjectAsync(target.Hub, project.Value.Name, ct);
        }
        return page.ContinuationToken is null ? 0 : 1;
    }

    /// <summary>API keys and role assignments of the hub, or those bound to the project.</summary>
    public async Task DeleteAccessAsync(TeardownTarget target, CancellationToken ct)
    {
        foreach (var key in (await keys.ListAsync(target.Hub, ct)).Where(k => target.Project is null || k.Project == target.Project))
        {
            await keys.DeleteAsync(target.Hub, key.Id, ct);
        }
        foreach (var assignment in (await assignments.ListAsync(target.Hub, ct)).Where(a => target.Project is null || a.Value.Project == target.Project))
        {
            await assignments.DeleteAsync(target.Hub, assignment.Value.Id, ct);
        }
    }

    public async Task DeleteHubAsync(TeardownTarget target, CancellationToken ct)
    {
        await connections.DeleteGuardAsync(target.Hub, ct);
        await hubs.DeleteHubAsync(target.Hub, ct);
        await WriteAuditAsync(target, "hub.deleted", ct);
    }

    /// <summary>For the API: the hub (or project) must exist before a teardown is started.</summary>
    public async Task CheckExistsAsync(string hub, string? project, CancellationToken ct)
    {
        await hubService.GetHubAsync(hub, ct);
        if (project is not null)
        {
            await hubService.GetProjectAsync(hub, project, ct);
        }
    }

    private Task WriteAuditAsync(TeardownTarget target, string action, CancellationToken ct) =>
        audit.WriteAsync(new AuditEntry(target.Hub, clock.GetUtcNow(), target.Actor, action, target.Project, null, target.CorrelationId), ct);
}
