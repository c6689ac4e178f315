using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Switchboard.Server.Hosting;

/// <summary>
/// The cold start: until Kestrel listens, the main thread builds the host alone, and the first call to each
/// dependency then builds its SDK pipeline, JIT-compiles its code and opens its connection (with Key Vault, a TLS
/// handshake). <see cref="DependencyWarmUp"/> does that first call on the idle core while the host starts, and
/// the background loops wait until the app answers requests, so they do not compete for the CPU before it does.
/// Measured in docs/benchmarks.md, scenario 6.
/// </summary>
public static class StartupWarmUp
{
    /// <summary>Call before anything else registers a hosted service: hosted services start in that order.</summary>
    public static IServiceCollection AddDependencyWarmUp(this IServiceCollection services)
    {
        services.AddSingleton<DependencyWarmUp>();
        services.AddHostedService(sp => sp.GetRequiredService<DependencyWarmUp>());
        return services;
    }

    /// <summary>
    /// Starts the warm-up now, as soon as the host is built, so that it runs while the main thread maps the
    /// endpoints, builds the middleware and binds Kestrel (otherwise it starts with the hosted services).
    /// </summary>
    public static void StartDependencyWarmUp(this WebApplication app) => app.Services.GetRequiredService<DependencyWarmUp>().Start();

    /// <summary>
    /// Starts the background service <typeparamref name="T"/>, when this host runs it, once the app answers
    /// requests and the warm-up is done, instead of before Kestrel listens.
    /// </summary>
    public static IServiceCollection StartWhenWarm<T>(this IServiceCollection services) where T : BackgroundService
    {
        var hosted = services.FirstOrDefault(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(T));
        if (hosted is null)
        {
            return services; // Not run by this host (under the Functions host, triggers do its work).
        }
        services.Remove(hosted);
        services.AddSingleton<T>();
        services.AddHostedService<StartsWhenWarm<T>>();
        return services;
    }
}

/// <summary>
/// Runs each health probe once, in the background, as soon as the host starts; the result is ignored (the health
/// endpoint reports it). The probes are the cheapest call each dependency answers, and they go through the same
/// clients every request uses, so the first request (health or any other) finds pipelines built and connections open.
/// </summary>
internal sealed class DependencyWarmUp(IServiceScopeFactory scopes, IOptions<HealthCheckServiceOptions> health, ILogger<DependencyWarmUp> logger)
    : IHostedService
{
    // Never disposed: it has no timer to release, and the host may stop its services more than once.
    private readonly CancellationTokenSource stopping = new();
    private Task warming = Task.CompletedTask;
    private int started;

    /// <summary>Completes (never fails) when every probe has answered, failed or timed out.</summary>
    public Task Completion => warming;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Start();
        return Task.CompletedTask;
    }

    /// <summary>Starts warming up, once: off the main thread, which goes on starting the host.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref started, 1) == 0)
        {
            warming = Task.Run(() => WarmUpAsync(stopping.Token), CancellationToken.None);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await warming.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task WarmUpAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await Task.WhenAll(health.Value.Registrations.Select(r => ProbeAsync(scope.ServiceProvider, r, ct)));
    }

    private async Task ProbeAsync(IServiceProvider services, HealthCheckRegistration registration, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(registration.Timeout);
            var check = registration.Factory(services);
            await check.CheckHealthAsync(new HealthCheckContext { Registration = registration }, timeout.Token);
        }
        catch (Exception e)
        {
            // Not an error here: the health endpoint reports a dependency that is down.
            logger.LogDebug(e, "Warming up {Dependency} failed", registration.Name);
        }
    }
}

/// <summary>
/// Starts <typeparamref name="T"/> once the app has started (Kestrel listens) and the warm-up is done. Its
/// failures surface through this service, so the host logs them and stops as it would have for <typeparamref name="T"/>.
/// </summary>
internal sealed class StartsWhenWarm<T>(IServiceProvider services, IHostApplicationLifetime lifetime, DependencyWarmUp warmUp)
    : BackgroundService where T : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
        await warmUp.Completion.WaitAsync(stoppingToken);

        // The service's own token is linked to stoppingToken, so stopping this one stops it too.
        var service = services.GetRequiredService<T>();
        await service.StartAsync(stoppingToken);
        if (service.ExecuteTask is { } running)
        {
            await running;
        }
    }
}
