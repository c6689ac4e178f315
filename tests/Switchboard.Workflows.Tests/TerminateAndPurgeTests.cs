using Azure.Data.Tables;
using Switchboard.Testing;
using Switchboard.Workflows.Tests.Support;

namespace Switchboard.Workflows.Tests;

public sealed class TerminateAndPurgeTests(IsolatedStorage storage) : IClassFixture<IsolatedStorage>
{
    [Fact]
    public async Task TerminateStopsAWorkflowAndTheStepRunningMeanwhileCommitsNothing()
    {
        var effects = new Effects();
        var gate = new Gate();
        await using var host = TestHost.Create(storage, TestHost.NewPrefix(storage),
            TestWorkflows.FourSteps(effects, (index, _) => index == 0 ? gate.PassAsync() : Task.CompletedTask));
        var id = await host.Engine.StartAsync("FourSteps", "hubs/h1", Progress.Empty);
        var message = await host.ReceiveAsync();
        var running = host.Engine.ProcessMessageAsync(message.Body.ToString());
        await gate.Entered;

        Assert.Equal(TerminateOutcome.Terminated, await host.Engine.TerminateAsync(id, "Cancelled by the operator"));
        gate.Release();
        await running;

        var status = await host.Engine.GetStatusAsync(id, includeHistory: true);
        Assert.Equal(WorkflowRuntimeStatus.Terminated, status!.RuntimeStatus);
        Assert.Equal(new WorkflowError("Terminated", "Cancelled by the operator"), status.Error);
        Assert.Equal("one", status.StepName);
        Assert.DoesNotContain(status.History!, e => e.EventType == WorkflowHistoryEventType.StepCompleted);
        // The step's result was discarded: no wake-up for a next step, and no next step.
        await host.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        Assert.Equal(0, (await host.Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal(0, effects.Count(id, "two"));

        Assert.Equal(TerminateOutcome.AlreadyFinished, await host.Engine.TerminateAsync(id, "again"));
        Assert.Equal(TerminateOutcome.NotFound, await host.Engine.TerminateAsync("no-such-instance", "gone"));
    }

    [Fact]
    public async Task PurgeRemovesAFinishedInstanceWithItsHistoryAndRefusesALiveOne()
    {
        await using var host = TestHost.Create(storage, TestHost.NewPrefix(storage), TestWorkflows.FourSteps(new Effects()));
        var id = await host.Engine.StartAsync("FourSteps", "hubs/h1", Progress.Empty);

        var refused = await Assert.ThrowsAsync<WorkflowNotFinishedException>(() => host.Engine.PurgeAsync(id));
        Assert.Equal(id, refused.InstanceId);

        await host.PumpUntilAsync(id, WorkflowRuntimeStatus.Completed);
        var executionId = (await host.Engine.Context.Instances.GetAsync(id, CancellationToken.None))!.ExecutionId;
        Assert.NotEmpty(await host.Engine.Context.History.ReadAsync(id, executionId, CancellationToken.None));

        Assert.True(await host.Engine.PurgeAsync(id));

        Assert.Null(await host.Engine.GetStatusAsync(id));
        Assert.Empty(await host.Engine.Context.History.ReadAsync(id, executionId, CancellationToken.None));
        // Nothing of the instance is left in its partition: the row and its history rows went together.
        var table = storage.Tables.GetTableClient(host.Engine.Context.Storage.InstancesTableName);
        Assert.Empty(await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id}")).ToListAsync());
        Assert.False(await host.Engine.PurgeAsync(id));
    }
}
