using Switchboard.Testing;

namespace Switchboard.Api.Tests.Hosting;

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
