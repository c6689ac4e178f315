using Azure;
using Azure.Data.Tables;
using Switchboard.Core.Errors;
using Switchboard.Core.Hubs;
using Switchboard.Core.Ports;

namespace Switchboard.Storage.Tables;

/// <summary>Hubs (one partition: hubs are few and listed together) and projects (partitioned by hub).</summary>
public sealed class HubTableStore(StorageTables tables) : IHubStore
{
    private const string HubPartition = "hub";

    public async Task<Versioned<Hub>?> GetHubAsync(string hub, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Hubs, ct);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(HubPartition, hub, cancellationToken: ct);
        return found.HasValue ? ToHub(found.Value!) : null;
    }

    public async Task<Versioned<Hub>> InsertHubAsync(Hub hub, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Hubs, ct);
        var entity = FromHub(hub);
        try
        {
            var response = await table.AddEntityAsync(entity, ct);
            return new Versioned<Hub>(hub, response.Headers.ETag.ToString()!);
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            throw new SwitchboardException(ErrorCode.AlreadyExists, $"Hub '{hub.Name}' already exists.");
        }
    }

    public async Task<Versioned<Hub>> ReplaceHubAsync(Hub hub, string etag, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Hubs, ct);
        try
        {
            var response = await table.UpdateEntityAsync(FromHub(hub), new ETag(etag), TableUpdateMode.Replace, ct);
            return new Versioned<Hub>(hub, response.Headers.ETag.ToString()!);
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            throw TableErrors.Stale($"Hub '{hub.Name}'");
        }
    }

    public async Task<ListPage<Versioned<Hub>>> ListHubsAsync(int top, string? continuationToken, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Hubs, ct);
        var query = table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {HubPartition}"), top, cancellationToken: ct);
        return await Paging.FirstPageAsync(query, top, continuationToken, ToHub);
    }

    public async Task DeleteHubAsync(string hub, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Hubs, ct);
        await table.DeleteEntityAsync(HubPartition, hub, ETag.All, ct);
    }

    public async Task<Versioned<Project>?> GetProjectAsync(string hub, string project, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Projects, ct);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(hub, project, cancellationToken: ct);
        return found.HasValue ? ToProject(found.Value!) : null;
    }

    public async Task<Versioned<Project>> InsertProjectAsync(Project project, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Projects, ct);
        try
        {
            var response = await table.AddEntityAsync(FromProject(project), ct);
            return new Versioned<Project>(project, response.Headers.ETag.ToString()!);
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            throw new SwitchboardException(ErrorCode.AlreadyExists, $"Project '{project.Name}' already exists.");
        }
    }

    public async Task<Versioned<Project>> ReplaceProjectAsync(Project project, string etag, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Projects, ct);
        try
        {
            var response = await table.UpdateEntityAsync(FromProject(project), new ETag(etag), TableUpdateMode.Replace, ct);
            return new Versioned<Project>(project, response.Headers.ETag.ToString()!);
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            throw TableErrors.Stale($"Project '{project.Name}'");
        }
    }

    public async Task<ListPage<Versioned<Project>>> ListProjectsAsync(string hub, int top, string? continuationToken, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Projects, ct);
        var query = table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {hub}"), top, cancellationToken: ct);
        return await Paging.FirstPageAsync(query, top, continuationToken, ToProject);
    }

    public async Task DeleteProjectAsync(string hub, string project, CancellationToken ct)
    {
        var table = await tables.GetAsync(StorageTables.Projects, ct);
        await table.DeleteEntityAsync(hub, project, ETag.All, ct);
    }

    private static TableEntity FromHub(Hub hub) => new(HubPartition, hub.Name)
    {
        ["DisplayName"] = hub.DisplayName,
        ["Encryption"] = Json.Write(hub.Encryption),
        ["State"] = hub.State.ToString(),
        ["Stamp"] = Json.Write(hub.Stamp),
    };

    private static Versioned<Hub> ToHub(TableEntity e) => new(
        new Hub(e.RowKey, e.GetString("DisplayName"), Json.Read(e.GetString("Encryption"), HubEncryption.MicrosoftManaged),
            Enum.Parse<HubState>(e.GetString("State") ?? nameof(HubState.Active)), Json.Read<Audit>(e.GetString("Stamp"), null!)),
        e.ETag.ToString());

    private static TableEntity FromProject(Project project) => new(project.Hub, project.Name)
    {
        ["DisplayName"] = project.DisplayName,
        ["Stamp"] = Json.Write(project.Stamp),
        ["Deleting"] = project.Deleting,
    };

    private static Versioned<Project> ToProject(TableEntity e) => new(
        new Project(e.PartitionKey, e.RowKey, e.GetString("DisplayName"), Json.Read<Audit>(e.GetString("Stamp"), null!), e.GetBoolean("Deleting") ?? false),
        e.ETag.ToString());
}
