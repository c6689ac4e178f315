namespace Switchboard.Workflows.Tests.Support;

/// <summary>The state the test workflows carry: the names of the steps whose results were committed, in order.</summary>
internal sealed record Progress(IReadOnlyList<string> Done)
{
    public static readonly Progress Empty = new([]);

    public Progress With(string step) => new([.. Done, step]);
}

internal static class TestWorkflows
{
    public static readonly string[] FourStepNames = ["one", "two", "three", "four"];

    /// <summary>
    /// Four steps, each recording its effect, then running <paramref name="during"/> (a test's hook), then adding
    /// its name to the state. The last completes with the state's list as output.
    /// </summary>
    public static WorkflowDefinition<Progress> FourSteps(Effects effects, Func<int, CancellationToken, Task>? during = null)
    {
        var definition = new WorkflowDefinition<Progress>("FourSteps");
        for (var i = 0; i < FourStepNames.Length; i++)
        {
            var index = i;
            definition.Step(FourStepNames[i], async ctx =>
            {
                effects.Record(ctx.InstanceId, ctx.StepName);
                await (during?.Invoke(index, ctx.CancellationToken) ?? Task.CompletedTask);
                var state = ctx.State.With(ctx.StepName);
                return index == FourStepNames.Length - 1 ? ctx.Complete(state.Done) : ctx.Next(state);
            });
        }
        return definition;
    }
}
