namespace Switchboard.Workflows.Tests.Support;

/// <summary>Holds a step inside its run until the test lets it go, and tells the test when it got there.</summary>
internal sealed class Gate
{
    private readonly TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Entered => entered.Task.WaitAsync(TestHost.Wait);

    public async Task PassAsync()
    {
        entered.TrySetResult();
        await released.Task;
    }

    public void Release() => released.TrySetResult();
}
