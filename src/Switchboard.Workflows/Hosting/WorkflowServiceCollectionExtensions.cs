using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Switchboard.Workflows;

/// <summary>
/// Registers the engine. The host registers, once, a <c>TableServiceClient</c> and a <c>QueueServiceClient</c>
/// (the latter with <c>QueueMessageEncoding.Base64</c>, which is what the Functions queue trigger reads).
/// </summary>
public static class WorkflowServiceCollectionExtensions
{
    public static OptionsBuilder<WorkflowOptions> AddWorkflowEngine(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkflowOptions>, WorkflowOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new WorkflowRegistry(sp.GetServices<WorkflowDefinition>()));
        services.TryAddSingleton<WorkflowEngine>();
        return services.AddOptions<WorkflowOptions>().ValidateOnStart();
    }

    /// <summary>Makes a definition runnable by this host.</summary>
    public static IServiceCollection AddWorkflow(this IServiceCollection services, WorkflowDefinition definition) =>
        services.AddSingleton(definition);

    /// <summary>Standalone hosting only: drain the wake-up queue in the background. In Azure the queue-triggered
    /// function does that instead, calling <see cref="WorkflowEngine.ProcessMessageAsync"/>.</summary>
    public static IServiceCollection AddWorkflowDispatcher(this IServiceCollection services) =>
        services.AddHostedService<WorkflowDispatcher>();
}
