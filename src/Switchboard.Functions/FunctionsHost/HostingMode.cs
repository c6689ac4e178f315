using Switchboard.Functions.Hosting;

namespace Switchboard.Functions.FunctionsHost;

/// <summary>
/// Under the Functions host (FUNCTIONS_CUSTOMHANDLER_PORT set), queue and timer triggers arrive as invocations;
/// standalone, this app polls the queue and fires the timers itself.
/// </summary>
public static class HostingMode
{
    public static bool IsStandalone(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration[ListenAddress.CustomHandlerPortSetting]);
}
