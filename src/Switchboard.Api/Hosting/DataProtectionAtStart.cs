namespace Switchboard.Api.Hosting;

/// <summary>
/// <c>AddAuthentication</c> registers ASP.NET Core data protection, whose hosted service reads (or, on a fresh
/// machine, creates and writes) the key ring before Kestrel listens. Nothing here protects data: API keys and
/// bearer tokens need no key ring, and there are no cookies. Without the hosted service the key ring is still
/// loaded on first use, should anything ever use it.
/// </summary>
public static class DataProtectionAtStart
{
    // Internal to Microsoft.AspNetCore.DataProtection, so matched by name; if it is renamed this does nothing.
    private const string HostedServiceName = "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService";

    public static IServiceCollection SkipDataProtectionKeyRingAtStart(this IServiceCollection services)
    {
        var hosted = services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.FullName == HostedServiceName).ToList();
        foreach (var descriptor in hosted)
        {
            services.Remove(descriptor);
        }
        return services;
    }
}
