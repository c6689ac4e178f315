using Switchboard.Core.Errors;
using Switchboard.Core.Ports;

namespace Switchboard.Core.Hubs;

/// <summary>Creating, changing and reading hubs and projects.</summary>
public sealed class HubService(IHubStore hubs, IAuditLog audit, TimeProvider clock)
{
    /// <summary>How often a PUT without If-Match that lost a race to a concurrent write reads again and retries.</summary>
    private const int RaceAttempts = 40;

    /// <summary>
    /// Creates the hub, or updates it within the encryption rules. Returns whether it was created. Without
    /// If-Match it is create-or-replace: a request that loses the insert, or an update, to a concurrent one takes
    /// the update path again on what that one wrote; only a request with If-Match can fail a precondition.
    /// </summary>
    public Task<(Versioned<Hub> Hub, bool Created)> PutHubAsync(
        string name, string? displayName, HubEncryption? encryption, string? ifMatch, Caller caller, CancellationToken ct) =>
        RetryRacesAsync(ifMatch, () => PutHubOnceAsync(name, displayName, encryption, ifMatch, caller, ct));

    private async Task<(Versioned<Hub> Hub, bool Created)> PutHubOnceAsync(
        string name, string? displayName, HubEncryption? encryption, string? ifMatch, Caller caller, CancellationToken ct)
    {
        CheckName("hub", name);
        CheckDisplayName(displayName);
        var requested = encryption?.Validated();
        var now = clock.GetUtcNow();
        var existing = await hubs.GetHubAsync(name, ct);
        if (existing is null)
        {
            if (ifMatch is not null and not "*")
            {
                throw new SwitchboardException(ErrorCode.PreconditionFailed, $"Hub '{name}' does not exist.");
            }
            var created = await hubs.InsertHubAsync(
                new Hub(name, displayName, requested ?? HubEncryption.MicrosoftManaged, HubState.Active, Audit.New(now, caller.ActorId)), ct);
            await WriteAuditAsync(name, AuditActions.HubCreated, null, caller, now, ct);
            return (created, true);
        }

        Preconditions.Check(ifMatch, existing.ETag);
        var hub = existing.Value;
        if (hub.State == HubState.Deleting)
        {
            throw new SwitchboardException(ErrorCode.HubDeleting, $"Hub '{name}' is being deleted.");
        }
        var updated = hub with
        {
            DisplayName = displayName ?? hub.DisplayName,
            Encryption = requested is null ? hub.Encryption : hub.Encryption.ChangeTo(requested),
            Stamp = hub.Stamp.Touch(now, caller.ActorId),
        };
        var saved = await hubs.ReplaceHubAsync(updated, existing.ETag, ct);
        await WriteAuditAsync(name, AuditActions.HubUpdated, null, caller, now, ct);
        return (saved, false);
    }

    public async Task<bool> ExistsAsync(string name, CancellationToken ct) =>
        Names.IsValidResourceName(name) && await hubs.GetHubAsync(name, ct) is not null;

    public async Task<Versioned<Hub>> GetHubAsync(string name, CancellationToken ct) =>
        await hubs.GetHubAsync(name, ct) ?? throw SwitchboardException.NotFound($"Hub '{name}'");

    /// <summary>Like <see cref="GetHubAsync"/>, and refuses a hub that is being deleted.</summary>
    public async Task<Versioned<Hub>> GetWritableHubAsync(string name, CancellationToken ct)
    {
        var hub = await GetHubAsync(name, ct);
        return hub.Value.State == HubState.Deleting
            ? throw new SwitchboardException(ErrorCode.HubDeleting, $"Hub '{name}' is being deleted.")
            : hub;
    }

    public Task<ListPage<Versioned<Hub>>> ListHubsAsync(int top, string? continuationToken, CancellationToken ct) =>
        hubs.ListHubsAsync(top, continuationToken, ct);

    /// <summary>Creates or updates the project; without If-Match, races resolve as for <see cref="PutHubAsync"/>.</summary>
    public Task<(Versioned<Project> Project, bool Created)> PutProjectAsync(
        string hub, string name, string? displayName, string? ifMatch, Caller caller, CancellationToken ct) =>
        RetryRacesAsync(ifMatch, () => PutProjectOnceAsync(hub, name, displayName, ifMatch, caller, ct));

    private static async Task<T> RetryRacesAsync<T>(string? ifMatch, Func<Task<T>> put)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await put();
            }
            catch (SwitchboardException e) when (ifMatch is null && attempt < RaceAttempts
                && e.Code is ErrorCode.AlreadyExists or ErrorCode.PreconditionFailed)
            {
                // Another write landed between this one's read and its write.
            }
        }
    }

    private async Task<(Versioned<Project> Project, bool Created)> PutProjectOnceAsync(
        string hub, string name, string? displayName, string? ifMatch, Caller caller, CancellationToken ct)
    {
        CheckName("project", name);
        CheckDisplayName(displayName);
        await GetWritableHubAsync(hub, ct);
        var now = clock.GetUtcNow();
        var existing = await hubs.GetProjectAsync(hub, name, ct);
        if (existing is null)
        {
            if (ifMatch is not null and not "*")
            {
                throw new SwitchboardException(ErrorCode.PreconditionFailed, $"Project '{name}' does not exist.");
            }
            var created = await hubs.InsertProjectAsync(new Project(hub, name, displayName, Audit.New(now, caller.ActorId)), ct);
            await WriteAuditAsync(hub, AuditActions.ProjectCreated, name, caller, now, ct);
            return (created, true);
        }

        Preconditions.Check(ifMatch, existing.ETag);
        if (existing.Value.Deleting)
        {
            throw new SwitchboardException(ErrorCode.HubDeleting, $"Project '{name}' is being deleted.");
        }
        var project = existing.Value with
        {
            DisplayName = displayName ?? existing.Value.DisplayName,
            Stamp = existing.Value.Stamp.Touch(now, caller.ActorId),
        };
        var saved = await hubs.ReplaceProjectAsync(project, existing.ETag, ct);
        await WriteAuditAsync(hub, AuditActions.ProjectUpdated, name, caller, now, ct);
        return (saved, false);
    }

    public async Task<Versioned<Project>> GetProjectAsync(string hub, string name, CancellationToken ct)
    {
        await GetHubAsync(hub, ct);
        return await hubs.GetProjectAsync(hub, name, ct) ?? throw SwitchboardException.NotFound($"Project '{name}' of hub '{hub}'");
    }

    /// <summary>Like <see cref="GetProjectAsync"/>, and refuses a project (or hub) that is being deleted.</summary>
    public async Task<Versioned<Project>> GetWritableProjectAsync(string hub, string name, CancellationToken ct)
    {
        await GetWritableHubAsync(hub, ct);
        var project = await hubs.GetProjectAsync(hub, name, ct) ?? throw SwitchboardException.NotFound($"Project '{name}' of hub '{hub}'");
        return project.Value.Deleting
            ? throw new SwitchboardException(ErrorCode.HubDeleting, $"Project '{name}' is being deleted.")
            : project;
    }

    public async Task<ListPage<Versioned<Project>>> ListProjectsAsync(string hub, int top, string? continuationToken, CancellationToken ct)
    {
        await GetHubAsync(hub, ct);
        return await hubs.ListProjectsAsync(hub, top, continuationToken, ct);
    }

    private Task WriteAuditAsync(string hub, string action, string? project, Caller caller, DateTimeOffset now, CancellationToken ct) =>
        audit.WriteAsync(new AuditEntry(hub, now, caller.ActorId, action, project, null, caller.CorrelationId), ct);

    private static void CheckName(string what, string name)
    {
        if (!Names.IsValidResourceName(name))
        {
            throw SwitchboardException.Validation("name", $"A {what} name is 3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit.");
        }
    }

    private static void CheckDisplayName(string? displayName)
    {
        if (displayName is { Length: > 256 })
        {
            throw SwitchboardException.Validation("displayName", "At most 256 characters.");
        }
    }
}
