using Switchboard.Workflows.KeyVaultMigration;
using Switchboard.Workflows.KeyVaultSetup;
using Switchboard.Workflows.Notifications;
using Switchboard.Workflows.Rotation;
using Switchboard.Workflows.Teardown;

namespace Switchboard.Workflows;

/// <summary>
/// Every orchestrator and activity under the name it is registered and called by. Both hosts register exactly
/// these: the Server through the Durable Task shims, the Functions app through one wrapper function each.
/// </summary>
public static class WorkflowCatalog
{
    public static readonly IReadOnlyDictionary<string, Type> Orchestrators = new Dictionary<string, Type>
    {
        [RotationOrchestrator.Name] = typeof(RotationOrchestrator),
        [RetirementOrchestrator.Name] = typeof(RetirementOrchestrator),
        [KeyVaultSetupOrchestrator.Name] = typeof(KeyVaultSetupOrchestrator),
        [KeyVaultMigrationOrchestrator.Name] = typeof(KeyVaultMigrationOrchestrator),
        [HubTeardownOrchestrator.Name] = typeof(HubTeardownOrchestrator),
        [ProjectTeardownOrchestrator.Name] = typeof(ProjectTeardownOrchestrator),
        [NotificationDeliveryOrchestrator.Name] = typeof(NotificationDeliveryOrchestrator),
    };

    /// <summary>Activities are called by their class name.</summary>
    public static readonly IReadOnlyDictionary<string, Type> Activities = new[]
    {
        typeof(StagePendingVersion), typeof(TestPendingVersion), typeof(PromotePendingVersion), typeof(DiscardPendingVersion),
        typeof(AnnounceRotation), typeof(RetirePreviousVersion), typeof(ScheduleRetirement),
        typeof(ProbeVault), typeof(ActivateVault), typeof(AbandonVault),
        typeof(BeginMigration), typeof(ProbeMigrationTarget), typeof(ListConnectionsToMove), typeof(MoveConnections), typeof(SwitchHubVault),
        typeof(DeleteSourceSecrets), typeof(AnnounceMigration), typeof(RollBackMigration),
        typeof(DeleteTeardownPart),
        typeof(DeliverNotification),
    }.ToDictionary(t => t.Name);
}
