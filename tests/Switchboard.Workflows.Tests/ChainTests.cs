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
    public async Task AWorkerDyingMidChainLeavesTheStepClaimedAndTheSameMessageFinishesTheWorkflowElsewhere()
    {
        var effects = new Effects();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thaw = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var freezes = 1;
        var options = ShortLeaseOptions();
        var hook = async (int index, CancellationToken _) =>
        {
            if (index == 2 && Interlocked.Exchange(ref freezes, 0) == 1)
            {
                // The process stops dead inside the third step: no cancellation, no hand-back, nothing more written.
                reached.TrySetResult();
                await thaw.Task;
            }
        };
        await using var dead = TestHost.Create(storage, options, null, TestWorkflows.FourSteps(effects, hook));
        var id = await dead.Engine.StartAsync("FourSteps", "hubs/h1", Progress.Empty);
        var message = (await dead.Queue.ReceiveMessageAsync(options.MessageVisibilityTimeout)).Value;
        var frozen = dead.Engine.ProcessMessageAsync(message.Body.ToString());
        await reached.Task.WaitAsync(TestHost.Wait);

        // The chain claimed the third step under the message's own token; nothing was enqueued.
        var row = await dead.Engine.Context.Instances.GetAsync(id, CancellationToken.None);
        Assert.Equal(("three", "Running"), (row!.StepName, row.Status));
        Assert.NotNull(row.LeaseOwner);
        Assert.Equal(message.Body.ToString(), $"{id}|{row.WakeToken}");
        Assert.Equal(1, (await dead.Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);

        // The message was never deleted: it comes back after its invisibility (longer than the lease), still valid.
        await using var other = TestHost.Create(storage, options, null, TestWorkflows.FourSteps(effects, hook));
        var again = await other.ReceiveAsync();
        Assert.Equal(message.MessageId, again.MessageId);
        await other.Engine.ProcessMessageAsync(again.Body.ToString());
        await other.Queue.DeleteMessageAsync(again.MessageId, again.PopReceipt);
        Assert.Equal(WorkflowRuntimeStatus.Completed, (await other.Engine.GetStatusAsync(id))!.RuntimeStatus);

        // The frozen worker wakes up late: its commit loses to the ETag, so it changes nothing.
        thaw.SetResult();
        await frozen;
        var done = await other.Engine.GetStatusAsync(id, includeHistory: true);
        Assert.Equal(TestWorkflows.FourStepNames, done!.Output!.Value.EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([1, 1, 2, 1], TestWorkflows.FourStepNames.Select(step => effects.Count(id, step)));
        Assert.All(TestWorkflows.FourStepNames, step => Assert.Single(done.History!, e => e.EventType == StepCompleted && e.StepName == step));
        Assert.Equal(2, done.History!.Count(e => e.EventType == StepStarted && e.StepName == "three"));
        Assert.Single(done.History!, e => e.EventType == Finished);
        Assert.Equal(0, (await other.Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task AHostStoppingMidChainHandsTheStepBackWithAWakeUpDueNow()
    {
        var effects = new Effects();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stops = 1;
        var options = ShortLeaseOptions();
        await using var host = TestHost.Create(storage, options, null, TestWorkflows.FourSteps(effects, async (index, ct) =>
        {
            if (index == 2 && Interlocked.Exchange(ref stops, 0) == 1)
            {
                reached.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }
        }));
        var id = await host.Engine.StartAsync("FourSteps", "hubs/h1", Progress.Empty);
        var message = (await host.Queue.ReceiveMessageAsync(options.MessageVisibilityTimeout)).Value;
        using var stopping = new CancellationTokenSource();
        var running = host.Engine.ProcessMessageAsync(message.Body.ToString(), stopping.Token);
        await reached.Task.WaitAsync(TestHost.Wait);
        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        // Unleased, under a new token whose wake-up is visible at once: no waiting for the lease or the old message.
        var row = await host.Engine.Context.Instances.GetAsync(id, CancellationToken.None);
        Assert.Equal(("three", "Running", (string?)null), (row!.StepName, row.Status, row.LeaseOwner));
        var next = Assert.Single((await host.Queue.PeekMessagesAsync(32)).Value);
        Assert.Equal($"{id}|{row.WakeToken}", next.Body.ToString());

        await host.PumpUntilAsync(id, WorkflowRuntimeStatus.Completed);
        Assert.Equal([1, 1, 2, 1], TestWorkflows.FourStepNames.Select(step => effects.Count(id, step)));
    }

    /// <summary>A lease of 2 s and an invisibility of 5 s: a chain window of 1.5 s, which instant steps stay well within.</summary>
    private WorkflowOptions ShortLeaseOptions()
    {
        var options = TestHost.FastOptions(TestHost.NewPrefix(storage));
        options.LeaseDuration = TimeSpan.FromSeconds(2);
        options.MessageVisibilityTimeout = TimeSpan.FromSeconds(5);
        return options;
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
