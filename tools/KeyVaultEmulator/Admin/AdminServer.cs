using Switchboard.KeyVaultEmulator.Hosting;

namespace Switchboard.KeyVaultEmulator.Admin;

/// <summary>
/// The admin API: plain HTTP on 127.0.0.1, on its own port and outside the Key Vault routes, so
/// nothing a Key Vault client does can reach it by accident.
/// </summary>
internal static class AdminServer
{
    public static async Task<WebApplication> StartAsync(KeyVaultEmulatorHost host, int port, bool logToConsole, CancellationToken cancellationToken)
    {
        var builder = WebApps.CreateBuilder(port, certificate: null, logToConsole);
        builder.Services.AddSingleton(host);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = EmulatorJson.Options.PropertyNamingPolicy;
            o.SerializerOptions.DefaultIgnoreCondition = EmulatorJson.Options.DefaultIgnoreCondition;
            o.SerializerOptions.Encoder = EmulatorJson.Options.Encoder;
        });
        var app = builder.Build();
        AdminEndpoints.Map(app);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }
}
