using System.Security.Cryptography.X509Certificates;
using Switchboard.KeyVaultEmulator.Errors;
using Switchboard.KeyVaultEmulator.Hosting;
using Switchboard.KeyVaultEmulator.Keys;
using Switchboard.KeyVaultEmulator.Pipeline;
using Switchboard.KeyVaultEmulator.Secrets;

namespace Switchboard.KeyVaultEmulator.Vaults;

/// <summary>
/// One HTTPS listener per vault. A vault of its own port is what the SDK sees of a real vault: a
/// host whose challenge it caches and whose ids it parses.
/// </summary>
internal static class VaultServer
{
    public static async Task<WebApplication> StartAsync(Vault vault, int port, X509Certificate2 certificate, bool logToConsole, CancellationToken cancellationToken)
    {
        var builder = WebApps.CreateBuilder(port, certificate, logToConsole);
        builder.Services.AddSingleton(vault);
        var app = builder.Build();
        app.UseRouting();
        app.Use((context, next) => VaultGate.InvokeAsync(context, next, vault));
        SecretEndpoints.Map(app);
        KeyEndpoints.Map(app);
        app.MapFallback("{*path}", (HttpContext context) =>
            throw new KeyVaultErrorException(KeyVaultErrors.NoSuchRoute(context.Request.Method, context.Request.Path)));
        // With a fixed port the address is known now, before a fast client can ask for an id.
        if (port != 0)
        {
            vault.Uri = AddressOf(port);
        }
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        // The id host is "localhost" (the certificate's name), though the listener is 127.0.0.1.
        vault.Uri = AddressOf(WebApps.BoundPort(app));
        return app;
    }

    private static Uri AddressOf(int port) => new($"https://localhost:{port}/");
}
