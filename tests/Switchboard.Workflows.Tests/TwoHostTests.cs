using Switchboard.Testing;
using Switchboard.Workflows.Storage;
using Switchboard.Workflows.Tests.Support;

namespace Switchboard.Workflows.Tests;

public sealed class TwoHostTests(IsolatedStorage storage) : IClassFixture<IsolatedStorage>
{
    private const int Instances = 12;
    private static readonly string[] Steps = ["reserve", "configure", "activate"];

    [Fact]
    public async Task TwoHostsOnTheSameStorageNeverRunOneStepTogetherNorBothCommitIt()
    {
        var effects = new Effects();
        var prefix = TestHost.NewPrefix(storage);
        // Leases far longer than the steps: this test is about racing hosts, not about steps outliving leases.
        var options = TestHost.FastOptions(prefix);
        options.LeaseDuration = TimeSpan.FromSeconds(20);
        options.MessageVisibilityTimeout = TimeSpan.FromSeconds(25);
        options.MaxConcurrentSteps = 8;
        await using var a = TestHost.Create(storage, options, null, Definition(effects));
        await using var b = TestHost.Create(storage, options, null, Definition(effects));
        await a.StartDispatcherAsync();
        await b.StartDispatcherAsync();

        var ids = new List<string>();
        for (var i = 0; i < Instances; i++)
        {
            var id = await (i % 2 == 0 ? a : b).Engine.StartAsync("Contended", $"hubs/h1/connections/c{i}", Progress.Empty);
            ids.Add(id);
            // Two more copies of the first wake-up, so both hosts are handed the same step at once.
            var row = await a.Engine.Context.Instances.GetAsync(id, CancellationToken.None);
            if (row?.WakeToken is { } token)
            {
                await a.Queue.SendMessageAsync(new WakeUp(id, token).ToString());
                await b.Queue.SendMessageAsync(new WakeUp(id, token).ToString());
            }
        }

        foreach (var id in ids)
        {
            var done = await a.WaitForAsync(id, WorkflowRuntimeStatus.Completed);
            Assert.Single(done.History!, e => e.EventType == WorkflowHistoryEventType.Finished);
            Assert.All(Steps, step => Assert.Single(done.History!, e => e.EventType == WorkflowHistoryEventType.StepCompleted && e.StepName == step));
            Assert.Equal(Steps, done.Output!.Value.EnumerateArray().Select(e => e.GetString()));
            Assert.All(Steps, step => Assert.Equal(1, effects.Count(id, step)));
        }
        Assert.Equal(0, effects.Overlaps);
    }

    private static WorkflowDefinition<Progress> Definition(Effects effects)
    {
        var definition = new WorkflowDefinition<Progress>("Contended");
        foreach (var step in Steps)
        {
            definition.Step(step, async ctx =>
            {
                await effects.RecordExclusiveAsync(ctx.InstanceId, ctx.StepName, TimeSpan.FromMilliseconds(30));
                var state = ctx.State.With(ctx.StepName);
                return ctx.StepName == Steps[^1] ? ctx.Complete(state.Done) : ctx.Next(state);
            });
        }
        return definition;
    }
}
