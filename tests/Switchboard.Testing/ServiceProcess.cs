namespace Switchboard.Testing;

/// <summary>The published service as a real process (for custom-handler, crash and multi-instance tests).</summary>
public static class ServiceProcess
{
    public static ChildProcess Start(IReadOnlyDictionary<string, string?> environment)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DOTNET_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
        };
        foreach (var (key, value) in environment)
        {
            settings[key] = value;
        }
        return ChildProcess.Start("dotnet", [Path.Combine(TestEnvironment.PublishDirectory, "Switchboard.Server.dll")],
            settings, TestEnvironment.PublishDirectory);
    }
}
