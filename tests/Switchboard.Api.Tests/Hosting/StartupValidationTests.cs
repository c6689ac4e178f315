using Switchboard.Testing;

namespace Switchboard.Api.Tests.Hosting;

/// <summary>A bad setting stops the real process at start-up with a message that names the setting.</summary>
public class StartupValidationTests
{
    public static TheoryData<string, string?, string> BadSettings => new()
    {
        { "AzureWebJobsStorage", "", "'AzureWebJobsStorage'" },
        { "AzureWebJobsStorage", "this is not a connection string", "'AzureWebJobsStorage'" },
        { "Switchboard__Storage__Prefix", "9-not-a-prefix", "'Switchboard:Storage:Prefix'" },
        { "Switchboard__KeyVault__ManagedVaultUri", "http://vault.example/", "'Switchboard:KeyVault:ManagedVaultUri'" },
        { "Switchboard__Auth__AllowAnonymous", "true", "Switchboard:Auth:AllowAnonymous" },
        { "Switchboard__Durable__PartitionCount", "17", "Switchboard:Durable:PartitionCount" },
        { "Switchboard__Durable__HubName", "no-dashes", "Switchboard:Durable:HubName" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task ABadSettingStopsTheAppNamingTheSetting(string setting, string? value, string named)
    {
        var environment = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = TestEnvironment.StorageConnectionString,
            ["Switchboard__Storage__Prefix"] = IsolatedStorage.NewPrefix(),
            ["urls"] = $"http://127.0.0.1:{FreePort.Next()}",
            // Outside the Testing environment, as in production.
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        }.WithEmulator();
        environment[setting] = value;
        await using var service = ServiceProcess.Start(environment);

        var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains(named, service.Output);
    }

    [Fact]
    public void IdentityBasedStorageNeedsEveryServiceUri()
    {
        var failures = Validate(new Switchboard.Storage.StorageOptions { TableServiceUri = new Uri("https://a.table.core.windows.net"), Credential = "managedidentity" });

        Assert.Contains(failures, f => f.Contains("'AzureWebJobsStorage__queueServiceUri'"));
        Assert.Contains(failures, f => f.Contains("'AzureWebJobsStorage__blobServiceUri'"));
    }

    private static IEnumerable<string> Validate(Switchboard.Storage.StorageOptions options) =>
        new Switchboard.Storage.StorageOptionsValidator().Validate(null, options).Failures ?? [];
}
