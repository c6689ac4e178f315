using System.Collections.Concurrent;
using Switchboard.Testing;
using Switchboard.Workflows.Tests.Support;
using static Switchboard.Workflows.WorkflowHistoryEventType;

namespace Switchboard.Workflows.Tests;

public sealed class RetryTests(IsolatedStorage storage) : IClassFixture<IsolatedStorage>
{
    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task AStepFailingTwiceThenSucceedingCompletesWithItsAttemptsInHistory()
    {
        var attempts = new ConcurrentQueue<int>();
        var definition = new WorkflowDefinition<Progress>("Flaky")
            .Step("call", ctx =>
            {
                attempts.Enqueue(ctx.Attempt);
                return ctx.Attempt switch
                {
                    1 => throw new HttpRequestException("connection reset"),
                    2 => ctx.Retry("the provider answered 503"),
                    _ => ctx.Complete("ok"),
                };
            }, retry: new RetryPolicy(MaxAttempts: 3, BaseDelay: BaseDelay));
        await using var host = TestHost.Create(storage, TestHost.NewPrefix(storage), definition);
        await host.StartDispatcherAsync();
        var id = await host.Engine.StartAsync("Flaky", "hubs/h1", Progress.Empty);

        var done = await host.WaitForAsync(id, WorkflowRuntimeStatus.Completed);

        Assert.Equal([1, 2, 3], attempts);
        var history = done.History!;
        Assert.Equal([1, 2], history.Where(e => e.EventType == StepFailed).Select(e => e.Attempt!.Value));
        Assert.Contains("connection reset", history.First(e => e.EventType == StepFailed).Error!.Message);
        var retries = history.Where(e => e.EventType == RetryScheduled).ToList();
        Assert.Equal([2, 3], retries.Select(e => e.Attempt!.Value));
        // Exponential: the second wait is at least twice the base.
        Assert.True(retries[0].WakeAt - retries[0].Timestamp >= BaseDelay);
        Assert.True(retries[1].WakeAt - retries[1].Timestamp >= 2 * BaseDelay);
        Assert.Equal(3, history.Single(e => e.EventType == StepCompleted).Attempt);
        Assert.Equal("ok", done.Output!.Value.GetString());
    }

    [Fact]
    public async Task AStepThatKeepsFailingFailsTheWorkflowAfterItsMaxAttempts()
    {
        var effects = new Effects();
        var definition = new WorkflowDefinition<Progress>("Hopeless")
            .Step("call", ctx =>
            {
                effects.Record(ctx.InstanceId, ctx.StepName);
                return ctx.Retry("still down");
            }, retry: new RetryPolicy(MaxAttempts: 2, BaseDelay: BaseDelay));
        await using var host = TestHost.Create(storage, TestHost.NewPrefix(storage), definition);
        await host.StartDispatcherAsync();
        var id = await host.Engine.StartAsync("Hopeless", "hubs/h1", Progress.Empty);

        var failed = await host.WaitForAsync(id, WorkflowRuntimeStatus.Failed);

        Assert.Equal("RetriesExhausted", failed.Error!.Code);
        Assert.Contains("still down", failed.Error.Message);
        Assert.Equal(2, effects.Count(id, "call"));
    }
}
