using Switchboard.Testing;

namespace Switchboard.Api.Tests.Registry;

/// <summary>A registry test class whose service keeps its credentials in an emulator vault of its own.</summary>
public abstract class OwnVaultTestBase(IsolatedStorage storage) : RegistryTestBase(storage), IAsyncLifetime
{
    protected EmulatorVault Vault { get; private set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        Vault = await TestVaults.CreateVaultAsync();
        await InitializeAsync();
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync();

    protected override void Configure(SwitchboardApplication app)
    {
        foreach (var (key, value) in TestVaults.ServiceSettings(Vault.Uri))
        {
            app.With(key, value);
        }
    }
}
