using System.Net;
using Switchboard.Testing;

namespace Switchboard.Functions.Tests.Functions;

/// <summary>The published app started the way the Functions host starts it.</summary>
public class CustomHandlerProcessTests(IsolatedStorage storage) : IClassFixture<IsolatedStorage>
{
    [Fact]
    public async Task ListensOnLoopbackAtTheCustomHandlerPort()
    {
        var port = FreePort.Next();
        await using var service = ServiceProcess.Start(new Dictionary<string, string?>
        {
            ["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(),
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["Switchboard__Storage__Prefix"] = "",
        }.WithEmulator());

        using var http = new HttpClient();
        var response = await Eventually.ResultAsync(() => http.GetAsync($"http://127.0.0.1:{port}/api/health"),
            r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "the app to answer on the custom handler port");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"http://127.0.0.1:{port}", service.Output);
    }
}

internal static class ProcessSettings
{
    /// <summary>Adds the Key Vault emulator settings, as environment variables.</summary>
    public static Dictionary<string, string?> WithEmulator(this Dictionary<string, string?> environment)
    {
        foreach (var (key, value) in TestVaults.ServiceSettings())
        {
            environment[key.Replace(":", "__")] = value;
        }
        return environment;
    }
}
