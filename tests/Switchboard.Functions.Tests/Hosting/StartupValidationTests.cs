using Microsoft.Extensions.Options;
using Switchboard.Testing;

namespace Switchboard.Functions.Tests.Hosting;

public class StartupValidationTests
{
    [Fact]
    public void MissingStorageSettingStopsTheAppNamingTheSetting()
    {
        using var app = new SwitchboardApplication("", IsolatedStorage.NewPrefix()).With("AzureWebJobsStorage", null);

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("'AzureWebJobsStorage'", error.Message);
    }

    [Fact]
    public void MalformedConnectionStringStopsTheAppNamingTheSetting()
    {
        using var app = new SwitchboardApplication("this is not a connection string", IsolatedStorage.NewPrefix());

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("'AzureWebJobsStorage'", error.Message);
    }

    [Fact]
    public void IdentityBasedStorageWithoutQueueUriStopsTheAppNamingTheSetting()
    {
        using var app = new SwitchboardApplication("", IsolatedStorage.NewPrefix())
            .With("AzureWebJobsStorage", null)
            .With("AzureWebJobsStorage:tableServiceUri", "https://account.table.core.windows.net")
            .With("AzureWebJobsStorage:credential", "managedidentity");

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("'AzureWebJobsStorage__queueServiceUri'", error.Message);
    }

    [Fact]
    public void BadTablePrefixStopsTheAppNamingTheSetting()
    {
        using var app = new SwitchboardApplication(TestEnvironment.StorageConnectionString, "9-not-a-prefix");

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("'Switchboard:Storage:Prefix'", error.Message);
    }
}

public class AnonymousModeTests
{
    [Fact]
    public void AnonymousAccessOutsideTestsStopsTheApp()
    {
        using var app = new SwitchboardApplication(TestEnvironment.StorageConnectionString, IsolatedStorage.NewPrefix())
            .With("environment", "Production");

        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains("Switchboard:Auth:AllowAnonymous", error.Message);
    }
}
