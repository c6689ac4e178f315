using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Builder;
using Switchboard.Testing;

namespace Switchboard.Functions.Tests;

/// <summary>
/// The Functions app's services as its Program composes them, on the real Azurite and the Key Vault emulator,
/// without a Functions host (none can run here): tests call the function classes with them. A web application
/// builder stands in for the worker's ASP.NET Core integration, which also runs a web host.
/// </summary>
public sealed class WorkerServices : IAsyncLifetime
{
    public const string AdminKey = "functions-test-admin-key-0123456789";

    private readonly IsolatedStorage storage = new();
    private WebApplication host = null!;

    public IServiceProvider Services => host.Services;

    public Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(TestVaults.ServiceSettings().Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
        {
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["Switchboard:Storage:Prefix"] = storage.Prefix,
            ["SWITCHBOARD_ADMIN_KEY"] = AdminKey,
        });
        builder.AddSwitchboardFunctions();
        host = builder.Build();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await storage.DisposeAsync();
    }
}
