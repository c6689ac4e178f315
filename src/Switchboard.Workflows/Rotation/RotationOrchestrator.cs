using Microsoft.DurableTask;
using Switchboard.Core.Rotation;
using Switchboard.Workflows.Progress;

namespace Switchboard.Workflows.Rotation;

/// <summary>
/// Stage the pending version, test it with the provider's probe (as the connection's <c>rotation.test</c> says),
/// promote it, announce it. The operation completes once the new version is current; the previous version stays
/// readable for the grace period and is then retired by <see cref="RetirementOrchestrator"/>, which blocks
/// nothing. A failure disables the pending version and leaves the connection as it was.
/// </summary>
public sealed class RotationOrchestrator : TaskOrchestrator<RotationRequest, RotationResult>
{
    public const string Name = "Rotation";
    public const string Stage = "Stage pending version";
    public const string Test = "Test pending version";
    public const string Promote = "Promote";
    public const string Notify = "Notify";

    /// <summary>How often an unreachable target is tried when the test is required.</summary>
    public const int TestAttempts = 3;

    public static string InstanceIdFor(string connectionId) => "rotation-" + connectionId;

    public override async Task<RotationResult> RunAsync(TaskOrchestrationContext context, RotationRequest input)
    {
        var steps = new OperationSteps(context, Stage, Test, Promote, Notify);
        var target = input.Target;
        PromoteResult promoted;
        string? unreachable;
        try
        {
            steps.Begin(Stage);
            if (!await context.CallActivityAsync<bool>(nameof(StagePendingVersion), target, Retries.Transient))
            {
                throw steps.Fail("KeyVaultMigrationInProgress",
                    "The hub moved its credentials to another Key Vault while the rotation started; rotate again.");
            }
            unreachable = await TestAsync(context, steps, target);
            steps.Begin(Promote);
            promoted = await context.CallActivityAsync<PromoteResult>(nameof(PromotePendingVersion), new PromoteRequest(target, input.Actor), Retries.Transient);
            if (!promoted.Promoted)
            {
                throw steps.Fail("RotationSuperseded", "The connection's credentials were changed while the rotation ran.");
            }
        }
        catch (Exception e) when (e is OperationFailedException or TaskFailedException)
        {
            var failure = e as OperationFailedException ?? steps.Fail((TaskFailedException)e);
            steps.Compensating();
            await context.CallActivityAsync(nameof(DiscardPendingVersion), new DiscardRequest(target, context.InstanceId), Retries.Transient);
            throw failure;
        }

        steps.Begin(Notify);
        if (promoted.PreviousVersion is { } previous)
        {
            var retirement = new RetirementRequest(target, previous, context.CurrentUtcDateTime + (input.RevokePrevious ? TimeSpan.Zero : promoted.GracePeriod));
            if (input.RevokePrevious || promoted.GracePeriod <= TimeSpan.Zero)
            {
                await context.CallActivityAsync(nameof(RetirePreviousVersion), retirement, Retries.Transient);
            }
            else
            {
                await context.CallActivityAsync(nameof(ScheduleRetirement), retirement, Retries.Transient);
            }
        }
        await context.CallActivityAsync(nameof(AnnounceRotation),
            new AnnounceRequest(target, input.Actor, input.CorrelationId, context.InstanceId, input.RevokePrevious, unreachable), Retries.Transient);
        steps.Finish();
        return new RotationResult(target.PendingVersion);
    }

    /// <summary>Null when the probe accepted the new version (or was skipped); the reason when the target could not be reached.</summary>
    private static async Task<string?> TestAsync(TaskOrchestrationContext context, OperationSteps steps, RotationTarget target)
    {
        for (var attempt = 1; ; attempt++)
        {
            steps.Begin(Test, attempt);
            var result = await context.CallActivityAsync<PendingTestResult>(nameof(TestPendingVersion), target, Retries.Transient);
            switch (result.Outcome)
            {
                case PendingTestOutcome.Accepted or PendingTestOutcome.Skipped:
                    return null;
                case PendingTestOutcome.Refused:
                    throw steps.Fail("PendingCredentialsRejected", "The target refused the new credentials: " + result.Detail);
                case PendingTestOutcome.Unreachable when result.Mode == Core.Connections.RotationTestMode.IfReachable:
                    steps.Note("TargetUnreachable", result.Detail);
                    return result.Detail;
                case PendingTestOutcome.Unreachable when attempt < TestAttempts:
                    var wakeAt = context.CurrentUtcDateTime.AddSeconds(attempt);
                    steps.Note("RetryScheduled", result.Detail, new DateTimeOffset(wakeAt, TimeSpan.Zero));
                    await context.CreateTimer(wakeAt, CancellationToken.None);
                    break;
                default:
                    throw steps.Fail("TargetUnreachable",
                        $"The target could not be reached ({result.Detail}); set rotation.test to ifReachable for a target outside Switchboard's network.");
            }
        }
    }
}
