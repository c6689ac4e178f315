using Microsoft.Extensions.Time.Testing;
using Switchboard.Testing;
using Switchboard.Workflows.Tests.Support;

namespace Switchboard.Workflows.Tests;

public sealed class DurableTimerTests(IsolatedStorage storage) : IClassFixture<IsolatedStorage>
{
    [Fact]
    public async Task AnEightDayTimerChainsQueueDelaysAndRunsTheNextStepOnlyOnceItIsDue()
    {
        // Whole seconds, so times compare equal after a round trip through storage.
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        var effects = new Effects();
        var options = TestHost.FastOptions(TestHost.NewPrefix(storage));
        // The queue's real limit is 7 days; a 1-second limit makes the chain visible in a test's time.
        options.MaxQueueDelay = TimeSpan.FromSeconds(1);
        var definition = new WorkflowDefinition<Progress>("Timer")
            .Step("wait", ctx => ctx.WaitUntil(ctx.Now.AddDays(8)))
            .Step("after", ctx =>
            {
                effects.Record(ctx.InstanceId, ctx.StepName);
                return ctx.Complete();
            });
        await using var host = TestHost.Create(storage, options, clock, definition);
        await host.StartDispatcherAsync();
        var startedAt = clock.GetUtcNow();
        var id = await host.Engine.StartAsync("Timer", "hubs/h1", Progress.Empty);

        var waiting = await Eventually.ResultAsync(() => host.Engine.GetStatusAsync(id, includeHistory: true),
            s => s?.StepName == "after", TestHost.Wait, "the timer to be set");
        Assert.Equal(startedAt.AddDays(8), waiting!.NextWakeAt);
        Assert.Contains(waiting.History!, e => e.EventType == WorkflowHistoryEventType.TimerSet && e.WakeAt == startedAt.AddDays(8));

        // Each hop of the chain hands the wake-up on under a new token instead of running the step.
        var tokens = new HashSet<string>();
        await Eventually.TrueAsync(async () =>
        {
            var row = await host.Engine.Context.Instances.GetAsync(id, CancellationToken.None);
            tokens.Add(row!.WakeToken!);
            return tokens.Count >= 3;
        }, TestHost.Wait, "the timer's wake-up to be passed on twice");
        Assert.Equal(0, effects.Count(id, "after"));
        Assert.Equal(WorkflowRuntimeStatus.Running, (await host.Engine.GetStatusAsync(id))!.RuntimeStatus);

        clock.Advance(TimeSpan.FromDays(8) + TimeSpan.FromSeconds(1));
        await host.WaitForAsync(id, WorkflowRuntimeStatus.Completed);
        Assert.Equal(1, effects.Count(id, "after"));
    }

    [Fact]
    public async Task AStepCanPollByRunningAgainLaterWithoutUsingUpItsAttempts()
    {
        var runs = 0;
        var definition = new WorkflowDefinition<Progress>("Poll")
            .Step("check", ctx => Interlocked.Increment(ref runs) < 3 ? ctx.RunAgainAt(ctx.Now) : ctx.Complete(),
                retry: new RetryPolicy(MaxAttempts: 1));
        await using var host = TestHost.Create(storage, TestHost.NewPrefix(storage), definition);
        var id = await host.Engine.StartAsync("Poll", "hubs/h1", Progress.Empty);

        var done = await host.PumpUntilAsync(id, WorkflowRuntimeStatus.Completed);
        Assert.Equal(3, runs);
        Assert.Equal(2, done.History!.Count(e => e.EventType == WorkflowHistoryEventType.TimerSet));
    }
}
