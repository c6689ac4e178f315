using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.KeyVault;
using Switchboard.Core.Rotation;
using Switchboard.Functions.Operations;
using Switchboard.Workflows.KeyVaultMigration;
using Switchboard.Workflows.KeyVaultSetup;
using Switchboard.Workflows.Notifications;
using Switchboard.Workflows.Rotation;
using Switchboard.Workflows.Teardown;

namespace Switchboard.Functions.Orchestrations;

/// <summary>
/// One activity trigger per activity of Switchboard.Workflows, under its class name. Each creates the activity
/// with its services and gives it the invocation's Durable client (some activities start operations).
/// </summary>
public static class ActivityFunctions
{
    [Function(nameof(StagePendingVersion))]
    public static Task<bool> Stage([ActivityTrigger] RotationTarget input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        RunAsync<StagePendingVersion, RotationTarget, bool>(input, client, context);

    [Function(nameof(TestPendingVersion))]
    public static Task<PendingTestResult> Test([ActivityTrigger] RotationTarget input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        RunAsync<TestPendingVersion, RotationTarget, PendingTestResult>(input, client, context);

    [Function(nameof(PromotePendingVersion))]
    public static Task<PromoteResult> Promote([ActivityTrigger] PromoteRequest input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        RunAsync<PromotePendingVersion, PromoteRequest, PromoteResult>(input, client, context);

    [Function(nameof(DiscardPendingVersion))]
    public static Task<bool> Discard([ActivityTrigger] DiscardRequest input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        RunAsync<DiscardPendingVersion, DiscardRequest, bool>(input, client, context);

    [Function(nameof(AnnounceRotation))]
    public static Task<bool> Announce([ActivityTrigger] AnnounceRequest input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        RunAsync<AnnounceRotation, AnnounceRequest, bool>(input, client, context);

    [Function(nameof(RetirePreviousVersion))]
    public static Task<bool> Retire([ActivityTrigger] RetirementRequest input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        RunAsync<RetirePreviousVersion, RetirementRequest, bool>(input, client, context);

    [Function(nameof(ScheduleRetirement))]
    public static Task<bool> Schedule([ActivityTrigger] RetirementRequest input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        RunAsync<ScheduleRetirement, RetirementRequest, bool>(input, client, context);

    [Function(nameof(ProbeVault))]
    public static Task<VaultProbeResult> Probe([ActivityTrigger] KeyVaultSetupRequest input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        RunAsync<ProbeVault, KeyVaultSetupRequest, VaultProbeResult>(input, client, context);

    [Function(nameof(ActivateVault))]
    public static Task<bool> Activate([ActivityTrigger] KeyVaultSetupRequest input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        RunAsync<ActivateVault, KeyVaultSetupRequest, bool>(input, client, context);

    [Function(nameof(AbandonVault))]
    public static Task<bool> Abandon([ActivityTrigger] KeyVaultSetupRequest input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        RunAsync<AbandonVault, KeyVaultSetupRequest, bool>(input, client, context);

    [Function(nameof(BeginMigration))]
    public static Task<MigrationStart> BeginMove([ActivityTrigger] KeyVaultMigrationRequest input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        RunAsync<BeginMigration, KeyVaultMigrationRequest, MigrationStart>(input, client, context);

    [Function(nameof(ProbeMigrationTarget))]
    public static Task<VaultProbeResult> ProbeTarget([ActivityTrigger] KeyVaultMigrationRequest input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        RunAsync<ProbeMigrationTarget, KeyVaultMigrationRequest, VaultProbeResult>(input, client, context);

    [Function(nameof(ListConnectionsToMove))]
    public static Task<IReadOnlyList<MigrationItem>> ListToMove([ActivityTrigger] MigrationLeg input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        RunAsync<ListConnectionsToMove, MigrationLeg, IReadOnlyList<MigrationItem>>(input, client, context);

    [Function(nameof(MoveConnections))]
    public static Task<IReadOnlyList<MoveResult>> Move([ActivityTrigger] MoveBatch input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        RunAsync<MoveConnections, MoveBatch, IReadOnlyList<MoveResult>>(input, client, context);

    [Function(nameof(SwitchHubVault))]
    public static Task<bool> SwitchVault([ActivityTrigger] MigrationLeg input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        RunAsync<SwitchHubVault, MigrationLeg, bool>(input, client, context);

    [Function(nameof(DeleteSourceSecrets))]
    public static Task<bool> DeleteSources([ActivityTrigger] SourceCleanup input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        RunAsync<DeleteSourceSecrets, SourceCleanup, bool>(input, client, context);

    [Function(nameof(AnnounceMigration))]
    public static Task<bool> AnnounceMove([ActivityTrigger] MigrationOutcome input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        RunAsync<AnnounceMigration, MigrationOutcome, bool>(input, client, context);

    [Function(nameof(RollBackMigration))]
    public static Task<bool> RollBackMove([ActivityTrigger] MigrationOutcome input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        RunAsync<RollBackMigration, MigrationOutcome, bool>(input, client, context);

    [Function(nameof(DeleteTeardownPart))]
    public static Task<int> DeletePart([ActivityTrigger] TeardownPartRequest input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        RunAsync<DeleteTeardownPart, TeardownPartRequest, int>(input, client, context);

    [Function(nameof(DeliverNotification))]
    public static Task<DeliveryAttempt> Deliver([ActivityTrigger] DeliveryAttemptRequest input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        RunAsync<DeliverNotification, DeliveryAttemptRequest, DeliveryAttempt>(input, client, context);

    private static async Task<TOut> RunAsync<TActivity, TIn, TOut>(TIn input, DurableTaskClient client, FunctionContext context)
        where TActivity : TaskActivity<TIn, TOut>
    {
        using (DurableClientScope.Use(client))
        {
            var activity = ActivatorUtilities.CreateInstance<TActivity>(context.InstanceServices);
            return await activity.RunAsync(new FunctionActivityContext(typeof(TActivity).Name, context.InvocationId), input);
        }
    }

    private sealed class FunctionActivityContext(string name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId { get; } = instanceId;
    }
}
