using Switchboard.Testing;
using Switchboard.Workflows.Tests.Support;

namespace Switchboard.Workflows.Tests;

public sealed class RestartTests(IsolatedStorage storage) : IClassFixture<IsolatedStorage>
{
    [Fact]
    public async Task AWorkflowInterruptedAtAnyStepCompletesWhenANewHostStarts()
    {
        // One run per step at which the first host dies; they are independent, so they run side by side.
        await Task.WhenAll(Enumerable.Range(0, TestWorkflows.FourStepNames.Length).Select(InterruptAtAsync));
    }

    private async Task InterruptAtAsync(int interrupted)
    {
        var prefix = TestHost.NewPrefix(storage);
        var effects = new Effects();
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = TestHost.Create(storage, prefix, TestWorkflows.FourSteps(effects, async (index, ct) =>
        {
            if (index == interrupted)
            {
                // The step has had its effect; the host now goes down before the step can commit.
                stopping.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }
        }));
        var id = await first.Engine.StartAsync("FourSteps", "hubs/h1/connections/c1", Progress.Empty);
        await first.StartDispatcherAsync();
        await stopping.Task.WaitAsync(TestHost.Wait);
        await first.DisposeAsync();

        var stopped = await first.Engine.GetStatusAsync(id);
        Assert.Equal(WorkflowRuntimeStatus.Running, stopped!.RuntimeStatus);
        Assert.Equal(interrupted, stopped.StepIndex);

        await using var second = TestHost.Create(storage, prefix, TestWorkflows.FourSteps(effects));
        await second.StartDispatcherAsync();
        var done = await second.WaitForAsync(id, WorkflowRuntimeStatus.Completed);

        // The interrupted step ran again (at least once, as promised); every other step exactly once.
        for (var i = 0; i < TestWorkflows.FourStepNames.Length; i++)
        {
            Assert.Equal(i == interrupted ? 2 : 1, effects.Count(id, TestWorkflows.FourStepNames[i]));
        }
        Assert.Equal(TestWorkflows.FourStepNames, done.Output!.Value.EnumerateArray().Select(e => e.GetString()));
    }
}
