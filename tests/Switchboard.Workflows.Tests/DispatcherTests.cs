using System.Diagnostics;
using Switchboard.Testing;
using Switchboard.Workflows.Tests.Support;

namespace Switchboard.Workflows.Tests;

public sealed class DispatcherTests(IsolatedStorage storage) : IClassFixture<IsolatedStorage>
{
    [Fact]
    public async Task AnIdleDispatcherTakesAWorkflowStartedInItsOwnProcessAtOnce()
    {
        var effects = new Effects();
        var options = TestHost.FastOptions(TestHost.NewPrefix(storage));
        // Every pause as long as a test's patience: only the nudge of a local start can end it in time.
        options.IdleDelayMin = TimeSpan.FromSeconds(20);
        options.IdleDelayMax = TimeSpan.FromSeconds(20);
        await using var host = TestHost.Create(storage, options, null, TestWorkflows.FourSteps(effects));
        await host.StartDispatcherAsync();
        // Let it find the queue empty and settle into its pause.
        await Task.Delay(TimeSpan.FromSeconds(1));

        var clock = Stopwatch.StartNew();
        var id = await host.Engine.StartAsync("FourSteps", "hubs/h1", Progress.Empty);
        await Eventually.TrueAsync(async () => (await host.Engine.GetStatusAsync(id))!.RuntimeStatus == WorkflowRuntimeStatus.Completed,
            TimeSpan.FromSeconds(10), "the workflow to complete before the pause ends");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        Assert.All(TestWorkflows.FourStepNames, step => Assert.Equal(1, effects.Count(id, step)));
    }
}
