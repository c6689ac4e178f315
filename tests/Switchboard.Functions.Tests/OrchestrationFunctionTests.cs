using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Switchboard.Core.Connections;
using Switchboard.Core.KeyVault;
using Switchboard.Core.Operations;
using Switchboard.Core.Rotation;
using Switchboard.Core.Teardown;
using Switchboard.Functions.Orchestrations;
using Switchboard.Workflows.KeyVaultMigration;
using Switchboard.Workflows.KeyVaultSetup;
using Switchboard.Workflows.Notifications;
using Switchboard.Workflows.Progress;
using Switchboard.Workflows.Rotation;
using Switchboard.Workflows.Teardown;

namespace Switchboard.Functions.Tests;

/// <summary>
/// Each orchestration function runs its orchestration, on Durable's in-process test host. The activities are
/// stand-ins that answer what the case needs and record their calls: this is the orchestrations' logic (order,
/// branches, compensation, reported progress), the activities themselves are tested through the API.
/// </summary>
public class OrchestrationFunctionTests
{
    private static readonly RotationTarget Target = new("hub", null, "openai", "c1", "v2", null);

    private readonly ConcurrentQueue<string> calls = new();

    private TOut Called<TOut>(string activity, TOut result)
    {
        calls.Enqueue(activity);
        return result;
    }

    /// <summary>
    /// The test host picks a free port and binds it a moment later; with other test projects starting servers beside
    /// it, another process can take the port in between. Such a start is tried again.
    /// </summary>
    private static async Task<DurableTaskTestHost> StartHostAsync(Action<DurableTaskRegistry> tasks)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DurableTaskTestHost.StartAsync(tasks);
            }
            catch (IOException e) when (attempt < 5 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
            }
        }
    }

    private async Task<OperationState> RunAsync(string name, object input, Action<DurableTaskRegistry> tasks)
    {
        await using var host = await StartHostAsync(tasks);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(name, input);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        return OperationStateReader.Read(id, done.Name, done.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Completed => OperationStatus.Completed,
            OrchestrationRuntimeStatus.Failed => OperationStatus.Failed,
            _ => OperationStatus.Terminated,
        }, done.CreatedAt, done.LastUpdatedAt, done.SerializedInput, done.SerializedOutput, done.SerializedCustomStatus, done.FailureDetails?.ErrorMessage);
    }

    private void Rotation(DurableTaskRegistry tasks, PendingTestOutcome outcome, RotationTestMode mode, TimeSpan grace)
    {
        tasks.AddOrchestratorFunc<RotationRequest, RotationResult>(RotationOrchestrator.Name, (context, _) => OrchestrationFunctions.Rotation(context));
        tasks.AddActivityFunc<RotationTarget, bool>(nameof(StagePendingVersion), (_, _) => Called(nameof(StagePendingVersion), true));
        tasks.AddActivityFunc<RotationTarget, PendingTestResult>(nameof(TestPendingVersion), (_, _) =>
            Called(nameof(TestPendingVersion), new PendingTestResult(outcome, mode, "probe said so")));
        tasks.AddActivityFunc<PromoteRequest, PromoteResult>(nameof(PromotePendingVersion), (_, _) =>
            Called(nameof(PromotePendingVersion), new PromoteResult(true, "v1", grace)));
        RetirePrevious(tasks);
        tasks.AddActivityFunc<RetirementRequest, bool>(nameof(ScheduleRetirement), (_, r) => Called($"{nameof(ScheduleRetirement)}:{r.Version}", true));
        tasks.AddActivityFunc<AnnounceRequest, bool>(nameof(AnnounceRotation), (_, r) => Called($"{nameof(AnnounceRotation)}:{r.Unreachable}", true));
        tasks.AddActivityFunc<DiscardRequest, bool>(nameof(DiscardPendingVersion), (_, _) => Called(nameof(DiscardPendingVersion), true));
    }

    private void RetirePrevious(DurableTaskRegistry tasks) =>
        tasks.AddActivityFunc<RetirementRequest, bool>(nameof(RetirePreviousVersion), (_, r) => Called($"{nameof(RetirePreviousVersion)}:{r.Version}", true));

    [Fact]
    public async Task ARotationPromotesAnnouncesAndSchedulesTheRetirementOfThePreviousVersion()
    {
        var state = await RunAsync(RotationOrchestrator.Name, new RotationRequest(Target, "actor", "corr"),
            tasks => Rotation(tasks, PendingTestOutcome.Accepted, RotationTestMode.Required, TimeSpan.FromHours(1)));

        Assert.Equal(OperationStatus.Completed, state.Status);
        Assert.Equal("v2", state.Output!.Value.GetProperty("secretVersion").GetString());
        Assert.Equal("hubs/hub/connections/openai", state.Resource);
        Assert.Equal(4, state.Progress.StepCount);
        Assert.Equal([nameof(StagePendingVersion), nameof(TestPendingVersion), nameof(PromotePendingVersion), "ScheduleRetirement:v1", "AnnounceRotation:"], calls);
    }

    [Fact]
    public async Task ARefusedCredentialFailsTheRotationAndDiscardsThePendingVersion()
    {
        var state = await RunAsync(RotationOrchestrator.Name, new RotationRequest(Target, "actor", "corr"),
            tasks => Rotation(tasks, PendingTestOutcome.Refused, RotationTestMode.IfReachable, TimeSpan.Zero));

        Assert.Equal(OperationStatus.Failed, state.Status);
        Assert.Equal("PendingCredentialsRejected", state.Error!.Code);
        Assert.Equal([nameof(StagePendingVersion), nameof(TestPendingVersion), nameof(DiscardPendingVersion)], calls);
    }

    [Fact]
    public async Task AnUnreachableTargetIsNotedAndRevokePreviousRetiresAtOnce()
    {
        var state = await RunAsync(RotationOrchestrator.Name, new RotationRequest(Target, "actor", "corr", RevokePrevious: true),
            tasks => Rotation(tasks, PendingTestOutcome.Unreachable, RotationTestMode.IfReachable, TimeSpan.FromDays(1)));

        Assert.Equal(OperationStatus.Completed, state.Status);
        Assert.Contains(state.Progress.History, e => e.Type == "TargetUnreachable");
        Assert.Equal([nameof(StagePendingVersion), nameof(TestPendingVersion), nameof(PromotePendingVersion), "RetirePreviousVersion:v1", "AnnounceRotation:probe said so"], calls);
    }

    [Fact]
    public async Task TheRetirementDisablesThePreviousVersionOnceItsTimeHasCome()
    {
        var state = await RunAsync(RetirementOrchestrator.Name, new RetirementRequest(Target, "v1", DateTime.UtcNow.AddSeconds(1)), tasks =>
        {
            tasks.AddOrchestratorFunc<RetirementRequest, bool>(RetirementOrchestrator.Name, (context, _) => OrchestrationFunctions.Retirement(context));
            RetirePrevious(tasks);
        });

        Assert.Equal(OperationStatus.Completed, state.Status);
        Assert.Equal(["RetirePreviousVersion:v1"], calls);
    }

    [Fact]
    public async Task KeyVaultSetupThatStaysForbiddenFailsAndAbandonsTheRegistration()
    {
        var request = new KeyVaultSetupRequest("hub", new Uri("https://own.vault.azure.net/"), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), "actor", "corr");
        var state = await RunAsync(KeyVaultSetupOrchestrator.Name, request, tasks =>
        {
            tasks.AddOrchestratorFunc<KeyVaultSetupRequest, KeyVaultSetupResult>(KeyVaultSetupOrchestrator.Name, (context, _) => OrchestrationFunctions.KeyVaultSetup(context));
            tasks.AddActivityFunc<KeyVaultSetupRequest, VaultProbeResult>(nameof(ProbeVault), (_, _) => Called(nameof(ProbeVault), VaultProbeResult.Forbidden));
            tasks.AddActivityFunc<KeyVaultSetupRequest, bool>(nameof(ActivateVault), (_, _) => Called(nameof(ActivateVault), true));
            tasks.AddActivityFunc<KeyVaultSetupRequest, bool>(nameof(AbandonVault), (_, _) => Called(nameof(AbandonVault), true));
        });

        Assert.Equal(OperationStatus.Failed, state.Status);
        Assert.Equal("KeyVaultForbidden", state.Error!.Code);
        Assert.Equal(nameof(AbandonVault), calls.Last());
        Assert.DoesNotContain(nameof(ActivateVault), calls);
    }

    private void Migration(DurableTaskRegistry tasks, MoveOutcome outcome)
    {
        var listed = 0;
        tasks.AddOrchestratorFunc<KeyVaultMigrationRequest, KeyVaultMigrationResult>(KeyVaultMigrationOrchestrator.Name, (context, _) => OrchestrationFunctions.KeyVaultMigration(context));
        tasks.AddActivityFunc<KeyVaultMigrationRequest, MigrationStart>(nameof(BeginMigration), (_, _) =>
            Called(nameof(BeginMigration), new MigrationStart(new Uri("https://source.vault.azure.net/"))));
        tasks.AddActivityFunc<KeyVaultMigrationRequest, VaultProbeResult>(nameof(ProbeMigrationTarget), (_, _) => Called(nameof(ProbeMigrationTarget), VaultProbeResult.Ok));
        tasks.AddActivityFunc<MigrationLeg, IReadOnlyList<MigrationItem>>(nameof(ListConnectionsToMove), (_, _) =>
            Called<IReadOnlyList<MigrationItem>>(nameof(ListConnectionsToMove), Interlocked.Increment(ref listed) == 1 ? [new("a", "1"), new("b", "2")] : []));
        tasks.AddActivityFunc<MoveBatch, IReadOnlyList<MoveResult>>(nameof(MoveConnections), (_, batch) =>
            Called<IReadOnlyList<MoveResult>>($"{nameof(MoveConnections)}:{batch.Items.Count}", [.. batch.Items.Select(i => new MoveResult(i.Alias, outcome, "sb-hub-" + i.Id, "too large"))]));
        tasks.AddActivityFunc<MigrationLeg, bool>(nameof(SwitchHubVault), (_, _) => Called(nameof(SwitchHubVault), true));
        tasks.AddActivityFunc<SourceCleanup, bool>(nameof(DeleteSourceSecrets), (_, c) => Called($"{nameof(DeleteSourceSecrets)}:{c.SecretNames.Count}", true));
        tasks.AddActivityFunc<MigrationOutcome, bool>(nameof(AnnounceMigration), (_, o) => Called($"{nameof(AnnounceMigration)}:{o.Moved}", true));
        tasks.AddActivityFunc<MigrationOutcome, bool>(nameof(RollBackMigration), (_, _) => Called(nameof(RollBackMigration), true));
    }

    private static KeyVaultMigrationRequest MigrationRequest =>
        new("hub", new Uri("https://target.vault.azure.net/"), false, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(2), "actor", "corr");

    [Fact]
    public async Task AKeyVaultMigrationMovesEveryConnectionThenSwitchesTheHubAndDeletesTheSources()
    {
        var state = await RunAsync(KeyVaultMigrationOrchestrator.Name, MigrationRequest, tasks => Migration(tasks, MoveOutcome.Moved));

        Assert.Equal(OperationStatus.Completed, state.Status);
        Assert.Equal([nameof(BeginMigration), nameof(ProbeMigrationTarget), nameof(ListConnectionsToMove), "MoveConnections:2", nameof(ListConnectionsToMove),
            nameof(SwitchHubVault), "DeleteSourceSecrets:2", "AnnounceMigration:2"], calls);
    }

    [Fact]
    public async Task AKeyVaultMigrationWhoseCopyIsRefusedRollsBack()
    {
        var state = await RunAsync(KeyVaultMigrationOrchestrator.Name, MigrationRequest, tasks => Migration(tasks, MoveOutcome.Rejected));

        Assert.Equal(OperationStatus.Failed, state.Status);
        Assert.Equal("KeyVaultMigrationFailed", state.Error!.Code);
        Assert.Contains("too large", state.Error.Message);
        Assert.Equal(nameof(RollBackMigration), calls.Last());
        Assert.DoesNotContain(nameof(SwitchHubVault), calls);
    }

    [Fact]
    public async Task AHubTeardownDeletesItsPartsInOrderAndRepeatsBatchesUntilNothingIsLeft()
    {
        var left = new ConcurrentDictionary<TeardownPart, int>(new Dictionary<TeardownPart, int> { [TeardownPart.HubConnections] = 2 });
        var state = await RunAsync(HubTeardownOrchestrator.Name, new TeardownRequest(new TeardownTarget("hub", null, "actor", "corr")), tasks =>
        {
            tasks.AddOrchestratorFunc<TeardownRequest, bool>(HubTeardownOrchestrator.Name, (context, _) => OrchestrationFunctions.HubTeardown(context));
            tasks.AddActivityFunc<TeardownPartRequest, int>(nameof(DeleteTeardownPart), (_, r) =>
                Called(r.Part.ToString(), left.AddOrUpdate(r.Part, 0, (_, n) => Math.Max(0, n - 1))));
        });

        Assert.Equal(OperationStatus.Completed, state.Status);
        Assert.Equal(["BlockWrites", "ProjectConnections", "HubConnections", "HubConnections", "KeyVaultConnection", "Projects", "Access", "Hub"], calls);
    }

    [Fact]
    public async Task ADeliveryIsRetriedWithBackoffUntilTheSubscriberTakesIt()
    {
        var attempts = 0;
        var state = await RunAsync(NotificationDeliveryOrchestrator.Name,
            new DeliveryRequest("hub", "s1", "switchboard.connection.rotated", "{}", 5, TimeSpan.FromMilliseconds(200)), tasks =>
        {
            tasks.AddOrchestratorFunc<DeliveryRequest, DeliveryResult>(NotificationDeliveryOrchestrator.Name, (context, _) => OrchestrationFunctions.NotificationDelivery(context));
            tasks.AddActivityFunc<DeliveryAttemptRequest, DeliveryAttempt>(nameof(DeliverNotification), (_, r) =>
                Called($"attempt {r.Attempt}", new DeliveryAttempt(Interlocked.Increment(ref attempts) >= 3, false, 200, "ok")));
        });

        Assert.Equal(OperationStatus.Completed, state.Status);
        Assert.Equal(["attempt 1", "attempt 2", "attempt 3"], calls);
        Assert.Equal(2, state.Progress.History.Count(e => e.Type == "RetryScheduled"));
    }
}
