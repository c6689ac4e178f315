using Switchboard.Testing;

namespace Switchboard.Functions.Tests.Registry;

/// <summary>One in-process service per test class on its own tables, and an API client for it.</summary>
public abstract class RegistryTestBase(IsolatedStorage storage) : IClassFixture<IsolatedStorage>, IAsyncLifetime
{
    protected IsolatedStorage Storage { get; } = storage;
    protected SwitchboardApplication App { get; private set; } = null!;
    protected ApiClient Api { get; private set; } = null!;

    /// <summary>Settings a test class changes before the app starts.</summary>
    protected virtual void Configure(SwitchboardApplication app)
    {
    }

    public Task InitializeAsync()
    {
        App = new SwitchboardApplication(Storage);
        Configure(App);
        Api = new ApiClient(App);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
