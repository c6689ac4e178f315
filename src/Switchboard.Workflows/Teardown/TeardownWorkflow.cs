using Switchboard.Core.Teardown;

namespace Switchboard.Workflows.Teardown;

/// <summary>
/// Removes a hub (or one project) in the order the Key Vault rules need: project connections, hub connections,
/// the Key Vault connection, projects, access, the hub. Each step works in batches and runs again until its
/// part is done, so an interrupted teardown resumes where it stood.
/// </summary>
public static class TeardownWorkflow
{
    public const string HubName = "HubTeardown";
    public const string ProjectName = "ProjectTeardown";

    public static string InstanceIdFor(string hub, string? project) =>
        project is null ? "teardown-" + hub : $"teardown-{hub}-{project}";

    public static WorkflowDefinition<TeardownTarget> BuildForHub(TeardownService teardown) =>
        new WorkflowDefinition<TeardownTarget>(HubName)
            .Step("Block writes", async ctx => { await teardown.BeginAsync(ctx.State, ctx.CancellationToken); return ctx.Next(); })
            .Step("Delete project connections", ctx => Batch(ctx, teardown.DeleteConnectionsAsync(ctx.State, projectConnections: true, ctx.CancellationToken)))
            .Step("Delete hub connections", ctx => Batch(ctx, teardown.DeleteConnectionsAsync(ctx.State, projectConnections: false, ctx.CancellationToken)))
            .Step("Delete Key Vault connection", async ctx => { await teardown.DeleteKeyVaultConnectionAsync(ctx.State, ctx.CancellationToken); return ctx.Next(); })
            .Step("Delete projects", ctx => Batch(ctx, teardown.DeleteProjectsAsync(ctx.State, ctx.CancellationToken)))
            .Step("Delete access", async ctx => { await teardown.DeleteAccessAsync(ctx.State, ctx.CancellationToken); return ctx.Next(); })
            .Step("Delete hub", async ctx => { await teardown.DeleteHubAsync(ctx.State, ctx.CancellationToken); return ctx.Complete(); });

    public static WorkflowDefinition<TeardownTarget> BuildForProject(TeardownService teardown) =>
        new WorkflowDefinition<TeardownTarget>(ProjectName)
            .Step("Block writes", async ctx => { await teardown.BeginAsync(ctx.State, ctx.CancellationToken); return ctx.Next(); })
            .Step("Delete project connections", ctx => Batch(ctx, teardown.DeleteConnectionsAsync(ctx.State, projectConnections: true, ctx.CancellationToken)))
            .Step("Delete access", async ctx => { await teardown.DeleteAccessAsync(ctx.State, ctx.CancellationToken); return ctx.Next(); })
            .Step("Delete project", async ctx => { await teardown.DeleteProjectsAsync(ctx.State, ctx.CancellationToken); return ctx.Complete(); });

    // A step that has more to do runs again at once, as its own durable step: progress survives a crash.
    private static async Task<StepResult<TeardownTarget>> Batch(StepContext<TeardownTarget> ctx, Task<int> work) =>
        await work > 0 ? ctx.RunAgainAt(ctx.Now) : ctx.Next();
}
