using Switchboard.Testing;
using Switchboard.Workflows.Tests.Support;
using static Switchboard.Workflows.WorkflowHistoryEventType;

namespace Switchboard.Workflows.Tests;

/// <summary>
/// Steps due at once run back to back in one wake-up: each commit claims the next step, and only a step that waits
/// (or the end of the chain's budget) issues a new wake-up. Through ProcessMessageAsync, the Functions host's path.
/// </summary>
public sealed class ChainTests(IsolatedStorage storage) : IClassFixture<IsolatedStorage>
{
    [Fact]
    public async Task DueStepsRunInOneWakeUpWithNoMessageInBetweenAndTheirHistoryReadsInOrder()
    {
        var effects = new Effects();
        await using var host = TestHost.Create(storage, WideChainOptions(), null, TestWorkflows.FourSteps(effects));
        var id = await host.Engine.StartAsync("FourSteps", "hubs/h1", Progress.Empty);

        var message = await host.ReceiveAsync();
        await host.Engine.ProcessMessageAsync(message.Body.ToString());
        await host.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);

        var done = await host.Engine.GetStatusAsync(id, includeHistory: true);
        Assert.Equal(WorkflowRuntimeStatus.Completed, done!.RuntimeStatus);
        Assert.Equal(TestWorkflows.FourStepNames, done.Output!.Value.EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, (await host.Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.All(TestWorkflows.FourStepNames, step => Assert.Equal(1, effects.Count(id, step)));

        // Each commit held a step's result and the next step's claim; read back, the events are in order.
        var history = done.History!;
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e.Sequence));
        Assert.Equal([Started, .. TestWorkflows.FourStepNames.SelectMany(_ => new[] { StepStarted, StepCompleted }), Finished],
            history.Select(e => e.EventType));
        Assert.Equal(TestWorkflows.FourStepNames.SelectMany(step => new[] { step, step }),
            history.Where(e => e.EventType is StepStarted or StepCompleted).Select(e => e.StepName));
    }

    [Fact]
    public async Task AChainStopsAtItsStepLimitAndLeavesOneWakeUpForTheRest()
    {
        var effects = new Effects();
        var options = WideChainOptions();
        options.MaxStepsPerWakeUp = 3;
        await using var host = TestHost.Create(storage, options, null, TestWorkflows.FourSteps(effects));
        var id = await host.Engine.StartAsync("FourSteps", "hubs/h1", Progress.Empty);

        var message = await host.ReceiveAsync();
        await host.Engine.ProcessMessageAsync(message.Body.ToString());
        await host.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);

        var row = await host.Engine.Context.Instances.GetAsync(id, CancellationToken.None);
        Assert.Equal(("four", "Running", (string?)null), (row!.StepName, row.Status, row.LeaseOwner));
        Assert.Equal(0, effects.Count(id, "four"));
        var next = Assert.Single((await host.Queue.PeekMessagesAsync(32)).Value);
        Assert.Equal($"{id}|{row.WakeToken}", next.Body.ToString());

        await host.PumpUntilAsync(id, WorkflowRuntimeStatus.Completed);
        Assert.All(TestWorkflows.FourStepNames, step => Assert.Equal(1, effects.Count(id, step)));
    }

    [Fact]
    public async Task AChainStopsAtAStepThatWaitsAndTheWakeUpComesWhenItIsDue()
    {
        var attempts = 0;
        var definition = new WorkflowDefinition<Progress>("Flaky")
            .Step("first", ctx => ctx.Next())
            .Step("flaky", ctx => Interlocked.Increment(ref attempts) == 1 ? ctx.Retry("not yet") : ctx.Next())
            .Step("last", ctx => ctx.Complete());
        await using var host = TestHost.Create(storage, WideChainOptions(), null, definition);
        var id = await host.Engine.StartAsync("Flaky", "hubs/h1", Progress.Empty);

        var message = await host.ReceiveAsync();
        await host.Engine.ProcessMessageAsync(message.Body.ToString());
        await host.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);

        var waiting = await host.Engine.GetStatusAsync(id);
        Assert.Equal(("flaky", 2), (waiting!.StepName, waiting.Attempt));
        Assert.Equal(1, (await host.Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);

        var done = await host.PumpUntilAsync(id, WorkflowRuntimeStatus.Completed);
        Assert.Equal(2, attempts);
        Assert.Single(done.History!, e => e.EventType == RetryScheduled);
    }

    [Fact]
    public async Task AWorkerDyingMidChainLeavesTheStepClaimedAndTheSameMessageFinishesTheWorkflow()
    {
        var effects = new Effects();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dies = 1;
        var options = TestHost.FastOptions(TestHost.NewPrefix(storage));
        // A chain window of 1.5 s: the instant steps before the third one chain well within it.
        options.LeaseDuration = TimeSpan.FromSeconds(2);
        options.MessageVisibilityTimeout = TimeSpan.FromSeconds(5);
        await using var host = TestHost.Create(storage, options, null, TestWorkflows.FourSteps(effects, async (index, ct) =>
        {
            if (index == 2 && Interlocked.Exchange(ref dies, 0) == 1)
            {
                reached.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }
        }));
        var id = await host.Engine.StartAsync("FourSteps", "hubs/h1", Progress.Empty);

        var message = (await host.Queue.ReceiveMessageAsync(options.MessageVisibilityTimeout)).Value;
        using var process = new CancellationTokenSource();
        var dying = host.Engine.ProcessMessageAsync(message.Body.ToString(), process.Token);
        await reached.Task.WaitAsync(TestHost.Wait);
        // The process goes down inside the third step: nothing more is committed or enqueued.
        await process.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dying);

        var row = await host.Engine.Context.Instances.GetAsync(id, CancellationToken.None);
        Assert.Equal(("three", "Running"), (row!.StepName, row.Status));
        Assert.NotNull(row.LeaseOwner);
        Assert.Equal(message.Body.ToString(), $"{id}|{row.WakeToken}");
        Assert.Equal(1, (await host.Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);

        // The message was never deleted: it comes back after its invisibility (longer than the lease), still valid.
        var again = await host.ReceiveAsync();
        Assert.Equal(message.MessageId, again.MessageId);
        await host.Engine.ProcessMessageAsync(again.Body.ToString());
        await host.Queue.DeleteMessageAsync(again.MessageId, again.PopReceipt);

        var done = await host.Engine.GetStatusAsync(id, includeHistory: true);
        Assert.Equal(WorkflowRuntimeStatus.Completed, done!.RuntimeStatus);
        Assert.Equal(TestWorkflows.FourStepNames, done.Output!.Value.EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([1, 1, 2, 1], TestWorkflows.FourStepNames.Select(step => effects.Count(id, step)));
        Assert.All(TestWorkflows.FourStepNames, step => Assert.Single(done.History!, e => e.EventType == StepCompleted && e.StepName == step));
        Assert.Equal(2, done.History!.Count(e => e.EventType == StepStarted && e.StepName == "three"));
        Assert.Equal(0, (await host.Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    /// <summary>A lease far shorter than the message's invisibility: a chain window of minutes, so a slow machine still chains.</summary>
    private WorkflowOptions WideChainOptions()
    {
        var options = TestHost.FastOptions(TestHost.NewPrefix(storage));
        options.LeaseDuration = TimeSpan.FromSeconds(20);
        options.MessageVisibilityTimeout = TimeSpan.FromMinutes(5);
        return options;
    }
}
