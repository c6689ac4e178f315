using Switchboard.Testing;

namespace Switchboard.Api.Tests.Registry;

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

    /// <summary>Set to run the class with authentication on: the API client then sends this Administrator key.</summary>
    protected virtual string? AdminKey => null;

    public Task InitializeAsync()
    {
        App = new SwitchboardApplication(Storage);
        if (AdminKey is { } key)
        {
            App.With("Switchboard:Auth:AllowAnonymous", "false").With("SWITCHBOARD_ADMIN_KEY", key);
        }
        Configure(App);
        Api = new ApiClient(App);
        if (AdminKey is { } adminKey)
        {
            Api.Http.DefaultRequestHeaders.Add("x-api-key", adminKey);
        }
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
