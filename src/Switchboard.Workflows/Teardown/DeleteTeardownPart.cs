using Microsoft.DurableTask;
using Switchboard.Core.Teardown;

namespace Switchboard.Workflows.Teardown;

/// <summary>Deletes one part of a hub or project (a batch of it for connections and projects); answers how many rows went.</summary>
public sealed class DeleteTeardownPart(TeardownService teardown) : TaskActivity<TeardownPartRequest, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, TeardownPartRequest input)
    {
        var target = input.Target;
        var ct = CancellationToken.None;
        switch (input.Part)
        {
            case TeardownPart.BlockWrites:
                await teardown.BeginAsync(target, ct);
                return 0;
            case TeardownPart.ProjectConnections:
                return await teardown.DeleteConnectionsAsync(target, projectConnections: true, ct);
            case TeardownPart.HubConnections:
                return await teardown.DeleteConnectionsAsync(target, projectConnections: false, ct);
            case TeardownPart.KeyVaultConnection:
                await teardown.DeleteKeyVaultConnectionAsync(target, ct);
                return 0;
            case TeardownPart.Projects:
                return await teardown.DeleteProjectsAsync(target, ct);
            case TeardownPart.Access:
                await teardown.DeleteAccessAsync(target, ct);
                return 0;
            case TeardownPart.Hub:
                await teardown.DeleteHubAsync(target, ct);
                return 0;
            default:
                throw new ArgumentOutOfRangeException(nameof(input), input.Part, "Unknown teardown part.");
        }
    }
}
