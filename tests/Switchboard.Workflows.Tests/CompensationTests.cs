using System.Collections.Concurrent;
using Switchboard.Testing;
using Switchboard.Workflows.Tests.Support;
using static Switchboard.Workflows.WorkflowHistoryEventType;

namespace Switchboard.Workflows.Tests;

public sealed class CompensationTests(IsolatedStorage storage) : IClassFixture<IsolatedStorage>
{
    private readonly ConcurrentQueue<string> compensated = new();
    private readonly Effects effects = new();

    [Fact]
    public async Task AFailedStepCompensatesTheCompletedStepsInReverseAndTheWorkflowEndsFailedWithItsError()
    {
        await using var host = TestHost.Create(storage, TestHost.NewPrefix(storage),
            Definition(ctx => ctx.Fail("ActivationRefused", "The provider refused the new key.")));
        await host.StartDispatcherAsync();
        var id = await host.Engine.StartAsync("Provision", "hubs/h1/connections/c1", Progress.Empty);

        var failed = await host.WaitForAsync(id, WorkflowRuntimeStatus.Failed);

        Assert.Equal(new WorkflowError("ActivationRefused", "The provider refused the new key."), failed.Error);
        Assert.Equal(["configure", "reserve"], compensated);
        var compensations = failed.History!.Where(e => e.EventType == CompensationStepRun).Select(e => e.StepName);
        Assert.Equal(["configure", "reserve"], compensations);
        Assert.Equal([StepFailed, CompensationStarted], failed.History!.Select(e => e.EventType)
            .SkipWhile(t => t != StepFailed).Where(t => t is StepFailed or CompensationStarted));
        Assert.Equal(Finished, failed.History![^1].EventType);
    }

    [Fact]
    public async Task APermanentFailureExceptionFailsTheWorkflowWithoutRetryingAndStillCompensates()
    {
        await using var host = TestHost.Create(storage, TestHost.NewPrefix(storage),
            Definition(_ => throw new PermanentFailureException("KeyRevoked", "The key was revoked upstream.")));
        var id = await host.Engine.StartAsync("Provision", "hubs/h1/connections/c2", Progress.Empty);

        var failed = await host.PumpUntilAsync(id, WorkflowRuntimeStatus.Failed);

        Assert.Equal("KeyRevoked", failed.Error!.Code);
        Assert.Equal(1, effects.Count(id, "activate"));
        Assert.Equal(["configure", "reserve"], compensated);
    }

    /// <summary>reserve (undoable), notify (not undoable), configure (undoable), then activate does what the test says.</summary>
    private WorkflowDefinition<Progress> Definition(Func<StepContext<Progress>, StepResult<Progress>> activate) =>
        new WorkflowDefinition<Progress>("Provision")
            .Step("reserve", ctx => ctx.Next(ctx.State.With("reserve")), Compensate)
            .Step("notify", ctx => ctx.Next(ctx.State.With("notify")))
            .Step("configure", ctx => ctx.Next(ctx.State.With("configure")), Compensate)
            .Step("activate", ctx =>
            {
                effects.Record(ctx.InstanceId, ctx.StepName);
                return activate(ctx);
            });

    private Task Compensate(StepContext<Progress> ctx)
    {
        // Compensations see the state as the failing step left it.
        Assert.Equal(["reserve", "notify", "configure"], ctx.State.Done);
        compensated.Enqueue(ctx.StepName);
        return Task.CompletedTask;
    }
}
