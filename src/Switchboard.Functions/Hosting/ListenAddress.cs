using System.Globalization;

namespace Switchboard.Functions.Hosting;

/// <summary>
/// Where Kestrel listens. Under the Functions host the port comes from FUNCTIONS_CUSTOMHANDLER_PORT and
/// only loopback may be bound (the host proxies to it); standalone we take the Functions port 7071.
/// </summary>
public static class ListenAddress
{
    public const string CustomHandlerPortSetting = "FUNCTIONS_CUSTOMHANDLER_PORT";
    public const string StandaloneDefault = "http://localhost:7071";

    /// <summary>The URL to listen on, or null when the operator configured <c>urls</c> explicitly.</summary>
    public static string? Resolve(IConfiguration configuration)
    {
        var port = configuration[CustomHandlerPortSetting];
        if (!string.IsNullOrWhiteSpace(port))
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            {
                throw new InvalidOperationException(
                    $"Setting '{CustomHandlerPortSetting}' must be a TCP port between 1 and 65535.");
            }
            return $"http://127.0.0.1:{number}";
        }

        return string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey]) ? StandaloneDefault : null;
    }

    public static void ListenWhereTheFunctionsHostExpects(this WebApplicationBuilder builder)
    {
        var url = Resolve(builder.Configuration);
        if (url is not null)
        {
            builder.WebHost.UseUrls(url);
        }
    }
}
