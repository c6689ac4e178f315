using Switchboard.Testing;
using Switchboard.Workflows.Tests.Support;

namespace Switchboard.Workflows.Tests;

/// <summary>Through <see cref="WorkflowEngine.ProcessMessageAsync"/>, the path the Functions queue trigger takes.</summary>
public sealed class DuplicateWakeUpTests(IsolatedStorage storage) : IClassFixture<IsolatedStorage>
{
    [Fact]
    public async Task DuplicateAndStaleWakeUpsDoNothing()
    {
        var effects = new Effects();
        // One step per wake-up, so each step has a wake-up of its own to duplicate.
        var options = TestHost.FastOptions(TestHost.NewPrefix(storage));
        options.MaxStepsPerWakeUp = 1;
        await using var host = TestHost.Create(storage, options, null, TestWorkflows.FourSteps(effects));
        var id = await host.Engine.StartAsync("FourSteps", "hubs/h1", Progress.Empty);

        var first = (await host.ReceiveAsync()).Body.ToString();
        await host.Engine.ProcessMessageAsync(first);
        var second = (await host.ReceiveAsync()).Body.ToString();

        // The first wake-up again (redelivered, or a copy): its token is stale now, so nothing runs or is enqueued.
        await host.Engine.ProcessMessageAsync(first);
        await host.Queue.SendMessageAsync(first);
        await host.Engine.ProcessMessageAsync(second);
        await host.Engine.ProcessMessageAsync(second);
        await host.Engine.ProcessMessageAsync($"{id}|not-the-token");
        await host.Engine.ProcessMessageAsync("unknown-instance|token");
        await host.Engine.ProcessMessageAsync("no token at all");

        Assert.Equal(1, effects.Count(id, "one"));
        Assert.Equal(1, effects.Count(id, "two"));
        var status = await host.Engine.GetStatusAsync(id);
        Assert.Equal("three", status!.StepName);
        Assert.Equal(2, status.StepIndex);
        Assert.Equal(4, status.StepCount);

        await host.PumpUntilAsync(id, WorkflowRuntimeStatus.Completed);
        Assert.All(TestWorkflows.FourStepNames, step => Assert.Equal(1, effects.Count(id, step)));
    }

    [Fact]
    public async Task AWakeUpArrivingWhileItsStepRunsLeavesTheStepToItsWorker()
    {
        var effects = new Effects();
        var gate = new Gate();
        await using var host = TestHost.Create(storage, TestHost.NewPrefix(storage),
            TestWorkflows.FourSteps(effects, (index, _) => index == 0 ? gate.PassAsync() : Task.CompletedTask));
        var id = await host.Engine.StartAsync("FourSteps", "hubs/h1", Progress.Empty);

        var message = await host.ReceiveAsync();
        var running = host.Engine.ProcessMessageAsync(message.Body.ToString());
        await gate.Entered;
        // A copy of the same wake-up, on another worker, while the lease is held: it must not run the step.
        await host.Engine.ProcessMessageAsync(message.Body.ToString());
        Assert.Equal(1, effects.Count(id, "one"));

        gate.Release();
        await running;
        await host.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        await host.PumpUntilAsync(id, WorkflowRuntimeStatus.Completed);
        // The copy came back once the lease had run out, and found nothing to do.
        await Eventually.TrueAsync(async () =>
        {
            await host.PumpOnceAsync();
            return (await host.Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0;
        }, TestHost.Wait, "the deferred copy to be handled");
        Assert.All(TestWorkflows.FourStepNames, step => Assert.Equal(1, effects.Count(id, step)));
    }
}
