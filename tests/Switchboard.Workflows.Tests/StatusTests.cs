using Switchboard.Testing;
using Switchboard.Workflows.Tests.Support;

namespace Switchboard.Workflows.Tests;

public sealed class StatusTests(IsolatedStorage storage) : IClassFixture<IsolatedStorage>
{
    [Fact]
    public async Task ListingFiltersInstancesByWorkflowStatusAndResource()
    {
        await using var host = TestHost.Create(storage, TestHost.NewPrefix(storage), TestWorkflows.FourSteps(new Effects()));
        var done = await host.Engine.StartAsync("FourSteps", "hubs/h1/connections/a", Progress.Empty);
        await host.PumpUntilAsync(done, WorkflowRuntimeStatus.Completed);
        var waiting = await host.Engine.StartAsync("FourSteps", "hubs/h1/connections/b", Progress.Empty);

        Assert.Equal([done], await Ids(host.Engine.ListAsync(runtimeStatus: WorkflowRuntimeStatus.Completed)));
        Assert.Equal([waiting], await Ids(host.Engine.ListAsync(runtimeStatus: WorkflowRuntimeStatus.Pending)));
        Assert.Equal([waiting], await Ids(host.Engine.ListAsync(resource: "hubs/h1/connections/b")));
        Assert.Equal(2, (await Ids(host.Engine.ListAsync(workflowName: "FourSteps"))).Count);
        // History rows share the instances' partitions; a listing shows instances only.
        Assert.Equal(2, (await Ids(host.Engine.ListAsync())).Count);
        Assert.Empty(await Ids(host.Engine.ListAsync(workflowName: "FourSteps' or Name ne '")));

        var status = await host.Engine.GetStatusAsync(waiting);
        Assert.Equal("hubs/h1/connections/b", status!.Resource);
        Assert.Equal(("one", 0, 4, 1), (status.StepName, status.StepIndex, status.StepCount, status.Attempt));
        Assert.Empty(status.Input!.Value.GetProperty("done").EnumerateArray());
        Assert.Null(status.History);
        Assert.Null(await host.Engine.GetStatusAsync("no-such-instance"));
    }

    private static async Task<List<string>> Ids(IAsyncEnumerable<WorkflowStatus> statuses)
    {
        var ids = new List<string>();
        await foreach (var status in statuses)
        {
            ids.Add(status.InstanceId);
        }
        return ids;
    }
}
