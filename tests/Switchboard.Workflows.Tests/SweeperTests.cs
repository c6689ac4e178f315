using Microsoft.Extensions.Time.Testing;
using Switchboard.Testing;
using Switchboard.Workflows.Tests.Support;

namespace Switchboard.Workflows.Tests;

public sealed class SweeperTests(IsolatedStorage storage) : IClassFixture<IsolatedStorage>
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task TheSweeperReEnqueuesAnInstanceWhoseWakeUpWasLost()
    {
        var effects = new Effects();
        await using var host = Host(TestWorkflows.FourSteps(effects));
        var id = await host.Engine.StartAsync("FourSteps", "hubs/h1", Progress.Empty);
        await host.Queue.ClearMessagesAsync();

        Assert.Equal(0, (await host.Engine.SweepAsync()).Requeued);
        clock.Advance(host.Engine.Context.Options.SweepGrace + TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await host.Engine.SweepAsync()).Requeued);

        await host.PumpUntilAsync(id, WorkflowRuntimeStatus.Completed);
        Assert.All(TestWorkflows.FourStepNames, step => Assert.Equal(1, effects.Count(id, step)));
    }

    [Fact]
    public async Task TheSweeperTakesAStepBackOnlyOnceItsLeaseHasRunOutAndThenOnlyOneRunCommits()
    {
        var effects = new Effects();
        var gate = new Gate();
        var first = true;
        await using var host = Host(TestWorkflows.FourSteps(effects, (index, _) =>
        {
            if (index == 0 && first)
            {
                first = false;
                return gate.PassAsync();
            }
            return Task.CompletedTask;
        }));
        var id = await host.Engine.StartAsync("FourSteps", "hubs/h1", Progress.Empty);
        var message = await host.ReceiveAsync();
        var stuck = host.Engine.ProcessMessageAsync(message.Body.ToString());
        await gate.Entered;

        var options = host.Engine.Context.Options;
        clock.Advance(options.SweepGrace + TimeSpan.FromSeconds(1));
        Assert.True(options.LeaseDuration > options.SweepGrace + TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await host.Engine.SweepAsync()).Requeued);

        clock.Advance(options.LeaseDuration);
        Assert.Equal(1, (await host.Engine.SweepAsync()).Requeued);
        await host.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        gate.Release();
        await stuck;

        var done = await host.PumpUntilAsync(id, WorkflowRuntimeStatus.Completed);
        Assert.Equal(2, effects.Count(id, "one"));
        Assert.Single(done.History!, e => e.EventType == WorkflowHistoryEventType.StepCompleted && e.StepName == "one");
        Assert.Equal(TestWorkflows.FourStepNames, done.Output!.Value.EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task TheSweeperPurgesFinishedInstancesPastRetention()
    {
        await using var host = Host(TestWorkflows.FourSteps(new Effects()));
        var finished = await host.Engine.StartAsync("FourSteps", "hubs/h1", Progress.Empty);
        await host.PumpUntilAsync(finished, WorkflowRuntimeStatus.Completed);
        var live = await host.Engine.StartAsync("FourSteps", "hubs/h2", Progress.Empty);

        Assert.Equal(0, (await host.Engine.SweepAsync()).Purged);
        clock.Advance(host.Engine.Context.Options.Retention + TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await host.Engine.SweepAsync()).Purged);

        Assert.Null(await host.Engine.GetStatusAsync(finished));
        Assert.NotNull(await host.Engine.GetStatusAsync(live));
    }

    private TestHost Host(WorkflowDefinition definition)
    {
        var options = TestHost.FastOptions(TestHost.NewPrefix(storage));
        options.LeaseDuration = TimeSpan.FromMinutes(1);
        options.MessageVisibilityTimeout = TimeSpan.FromMinutes(2);
        return TestHost.Create(storage, options, clock, definition);
    }
}
