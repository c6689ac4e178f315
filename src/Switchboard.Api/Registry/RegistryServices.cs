using Microsoft.Extensions.Options;
using Switchboard.Api.Connections;
using Switchboard.Core.Connections;

namespace Switchboard.Api.Registry;

/// <summary>The registry's HTTP side: the connection probe with its guarded client, and idempotent creates.</summary>
public static class RegistryServices
{
    public static IServiceCollection AddSwitchboardRegistry(this IServiceCollection services)
    {
        services.AddSingleton<ConnectionTester>();
        services.AddSingleton<IdempotentRequests>();
        services.AddHttpClient(ConnectionTester.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(sp => GuardedConnections.Handler(sp.GetRequiredService<IOptions<ConnectionOptions>>().Value.Network));
        return services;
    }
}
