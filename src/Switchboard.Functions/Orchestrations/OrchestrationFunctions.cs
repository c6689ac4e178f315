using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Switchboard.Workflows.KeyVaultMigration;
using Switchboard.Workflows.KeyVaultSetup;
using Switchboard.Workflows.Notifications;
using Switchboard.Workflows.Rotation;
using Switchboard.Workflows.Teardown;

namespace Switchboard.Functions.Orchestrations;

/// <summary>One orchestration trigger per orchestrator of Switchboard.Workflows, under the name it is started by.</summary>
public static class OrchestrationFunctions
{
    [Function(RotationOrchestrator.Name)]
    public static Task<RotationResult> Rotation([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RotationOrchestrator().RunAsync(context, InputOf<RotationRequest>(context));

    [Function(RetirementOrchestrator.Name)]
    public static Task<bool> Retirement([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RetirementOrchestrator().RunAsync(context, InputOf<RetirementRequest>(context));

    [Function(KeyVaultSetupOrchestrator.Name)]
    public static Task<KeyVaultSetupResult> KeyVaultSetup([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new KeyVaultSetupOrchestrator().RunAsync(context, InputOf<KeyVaultSetupRequest>(context));

    [Function(KeyVaultMigrationOrchestrator.Name)]
    public static Task<KeyVaultMigrationResult> KeyVaultMigration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new KeyVaultMigrationOrchestrator().RunAsync(context, InputOf<KeyVaultMigrationRequest>(context));

    [Function(HubTeardownOrchestrator.Name)]
    public static Task<bool> HubTeardown([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new HubTeardownOrchestrator().RunAsync(context, InputOf<TeardownRequest>(context));

    [Function(ProjectTeardownOrchestrator.Name)]
    public static Task<bool> ProjectTeardown([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ProjectTeardownOrchestrator().RunAsync(context, InputOf<TeardownRequest>(context));

    [Function(NotificationDeliveryOrchestrator.Name)]
    public static Task<DeliveryResult> NotificationDelivery([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new NotificationDeliveryOrchestrator().RunAsync(context, InputOf<DeliveryRequest>(context));

    private static T InputOf<T>(TaskOrchestrationContext context) =>
        context.GetInput<T>() ?? throw new InvalidOperationException($"Orchestration '{context.Name}' was started without its {typeof(T).Name}.");
}
