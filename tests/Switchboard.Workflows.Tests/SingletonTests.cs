using Azure.Data.Tables;
using Switchboard.Testing;
using Switchboard.Workflows.Tests.Support;

namespace Switchboard.Workflows.Tests;

public sealed class SingletonTests(IsolatedStorage storage) : IClassFixture<IsolatedStorage>
{
    [Fact]
    public async Task ASecondStartOfALiveInstanceIdIsRefusedAndAllowedOnceTheFirstHasFinished()
    {
        await using var host = TestHost.Create(storage, TestHost.NewPrefix(storage), TestWorkflows.FourSteps(new Effects()));
        const string id = "rotation-conn-1";
        Assert.Equal(id, await host.Engine.StartAsync("FourSteps", "hubs/h1/connections/conn-1", Progress.Empty, id));

        var refused = await Assert.ThrowsAsync<WorkflowAlreadyRunningException>(
            () => host.Engine.StartAsync("FourSteps", "hubs/h1/connections/conn-1", Progress.Empty, id));
        Assert.Equal(id, refused.InstanceId);

        await host.PumpUntilAsync(id, WorkflowRuntimeStatus.Completed);
        Assert.Equal(id, await host.Engine.StartAsync("FourSteps", "hubs/h1/connections/conn-1", Progress.Empty, id));

        // A new run from the start, with a history of its own.
        var again = await host.Engine.GetStatusAsync(id, includeHistory: true);
        Assert.Equal(WorkflowRuntimeStatus.Pending, again!.RuntimeStatus);
        Assert.Equal(0, again.StepIndex);
        Assert.Null(again.Output);
        Assert.Equal(WorkflowHistoryEventType.Started, Assert.Single(again.History!).EventType);
        // The finished run's history rows were deleted from the partition, which holds the row and one event.
        var table = storage.Tables.GetTableClient(host.Engine.Context.Storage.InstancesTableName);
        Assert.Equal(2, await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id}")).CountAsync());
        var done = await host.PumpUntilAsync(id, WorkflowRuntimeStatus.Completed);
        Assert.Single(done.History!, e => e.EventType == WorkflowHistoryEventType.Finished);
    }

    [Fact]
    public async Task StartingAWorkflowThatIsNotRegisteredIsRefused()
    {
        await using var host = TestHost.Create(storage, TestHost.NewPrefix(storage), TestWorkflows.FourSteps(new Effects()));

        var refused = await Assert.ThrowsAsync<UnknownWorkflowException>(() => host.Engine.StartAsync("Nope", "hubs/h1", null));
        Assert.Equal("Nope", refused.WorkflowName);
        await Assert.ThrowsAsync<ArgumentException>(() => host.Engine.StartAsync("FourSteps", "hubs/h1", Progress.Empty, "a/b"));
        await Assert.ThrowsAsync<ArgumentException>(() => host.Engine.StartAsync("FourSteps", "hubs/h1", "not a Progress"));
    }
}
