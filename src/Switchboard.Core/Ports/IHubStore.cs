using Switchboard.Core.Hubs;

namespace Switchboard.Core.Ports;

/// <summary>Hubs and projects. Updates are conditioned on the ETag read; a lost race is PreconditionFailed.</summary>
public interface IHubStore
{
    Task<Versioned<Hub>?> GetHubAsync(string hub, CancellationToken cancellationToken);
    Task<Versioned<Hub>> InsertHubAsync(Hub hub, CancellationToken cancellationToken);
    Task<Versioned<Hub>> ReplaceHubAsync(Hub hub, string etag, CancellationToken cancellationToken);
    Task<ListPage<Versioned<Hub>>> ListHubsAsync(int top, string? continuationToken, CancellationToken cancellationToken);
    Task DeleteHubAsync(string hub, CancellationToken cancellationToken);

    Task<Versioned<Project>?> GetProjectAsync(string hub, string project, CancellationToken cancellationToken);
    Task<Versioned<Project>> InsertProjectAsync(Project project, CancellationToken cancellationToken);
    Task<Versioned<Project>> ReplaceProjectAsync(Project project, string etag, CancellationToken cancellationToken);
    Task<ListPage<Versioned<Project>>> ListProjectsAsync(string hub, int top, string? continuationToken, CancellationToken cancellationToken);
    Task DeleteProjectAsync(string hub, string project, CancellationToken cancellationToken);
}
