namespace Switchboard.Server.Hosting;

/// <summary>Where Kestrel listens: the Functions port 7071 unless the operator configured <c>urls</c>.</summary>
public static class ListenAddress
{
    public const string StandaloneDefault = "http://localhost:7071";

    /// <summary>The URL to listen on, or null when the operator configured <c>urls</c> explicitly.</summary>
    public static string? Resolve(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey]) ? StandaloneDefault : null;

    public static void ListenOnTheFunctionsPort(this WebApplicationBuilder builder)
    {
        if (Resolve(builder.Configuration) is { } url)
        {
            builder.WebHost.UseUrls(url);
        }
    }
}
