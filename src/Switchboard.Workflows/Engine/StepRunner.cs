using Switchboard.Workflows.Storage;
using Switchboard.Workflows.Telemetry;

namespace Switchboard.Workflows.Engine;

/// <summary>
/// Handles one wake-up: the same logic whether the Functions host or our dispatcher received the message.
/// Load the instance; drop the wake-up if its token is stale or the instance finished; pass a chained timer on;
/// otherwise claim the step with an ETag-conditioned lease, run it, and commit its result with the lease's ETag.
/// <para>
/// When a commit leaves the next step (or compensation) due at once, the same transaction claims that step too,
/// keeping the token of the message being handled, and this worker runs it straight away: a chain of due steps
/// costs one read and one claim per wake-up plus one transaction per step, and no queue message in between.
/// The chain stops at a step that waits (a timer, a retry's backoff), at the end, or when its budget
/// (<see cref="WorkflowOptions.MaxStepsPerWakeUp"/>, <see cref="WorkflowOptions.ChainWindow"/>) is spent; that
/// commit issues a new wake-up as usual. A crash mid-chain leaves a claimed row like a crash mid-step does: the
/// message comes back after its lease has run out, and the step runs again.
/// </para>
/// </summary>
internal sealed class StepRunner(EngineContext engine, InstanceWriter writer)
{
    // Each round re-reads the row after losing a race for it; three is plenty, the loser usually just stops.
    private const int Rounds = 3;

    public async Task<WakeResult> HandleAsync(string messageText, CancellationToken ct)
    {
        if (!WakeUp.TryParse(messageText, out var wake) || !Limits.IsValidInstanceId(wake.InstanceId))
        {
            engine.Logger.MalformedWakeUp(messageText.Length > 300 ? messageText[..300] : messageText);
            return WakeResult.Done;
        }
        var chain = new ChainBudget(engine.Options.MaxStepsPerWakeUp, engine.Now + engine.Options.ChainWindow);
        for (var round = 0; round < Rounds; round++)
        {
            var row = await engine.Instances.GetAsync(wake.InstanceId, ct);
            if (IgnoreReason(row, wake) is { } reason)
            {
                engine.Logger.WakeUpIgnored(wake.InstanceId, reason);
                return WakeResult.Done;
            }
            var now = engine.Now;
            if (row!.NextWakeAt > now)
            {
                // A timer longer than one queue delay (or a message come early): pass it on, under a new token.
                if (await writer.TryCommitAsync(row, [], wake: true, ct))
                {
                    return WakeResult.Done;
                }
                continue;
            }
            if (row.IsLeasedAt(now))
            {
                return new WakeResult(row.LeaseUntil!.Value - now);
            }
            if (await writer.TryCommitAsync(row, [Claim(row, now)], wake: false, ct))
            {
                var claimedAt = (DateTimeOffset?)now;
                while (claimedAt is { } at)
                {
                    claimedAt = await RunClaimedAsync(row, at, chain, ct);
                }
                return WakeResult.Done;
            }
        }
        return WakeResult.Done;
    }

    private static string? IgnoreReason(InstanceEntity? row, WakeUp wake) =>
        row is null ? "no such instance"
        : InstanceStatus.IsFinished(row.Status) ? "instance finished"
        : row.WakeToken != wake.Token ? "stale token"
        : null;

    /// <summary>Takes the lease on the row's current step, for the caller to commit (the token stays as it is).</summary>
    private HistoryRecord Claim(InstanceEntity row, DateTimeOffset now)
    {
        row.LeaseOwner = engine.OwnerId;
        row.LeaseUntil = now + engine.Options.LeaseDuration;
        if (row.Status == InstanceStatus.Pending)
        {
            row.Status = InstanceStatus.Running;
        }
        var started = row.Status == InstanceStatus.Compensating
            ? WorkflowHistoryEventType.CompensationStepStarted
            : WorkflowHistoryEventType.StepStarted;
        return new HistoryRecord(started, now, row.StepName, row.StepIndex, row.Attempt);
    }

    /// <summary>Runs the claimed step and commits it; returns when the commit claimed the next step too, else null.</summary>
    private async Task<DateTimeOffset?> RunClaimedAsync(InstanceEntity row, DateTimeOffset claimedAt, ChainBudget chain, CancellationToken ct)
    {
        var (instanceId, step, attempt) = (row.PartitionKey, row.StepName, row.Attempt);
        var compensating = row.Status == InstanceStatus.Compensating;
        var definition = engine.Registry.Find(row.Name);
        using var activity = WorkflowTelemetry.StartStep(row.Name, step, attempt, instanceId, compensating);
        chain.StepRan();
        List<HistoryRecord> events;
        string outcomeName;
        if (definition is null)
        {
            engine.Logger.UnknownWorkflow(instanceId, row.Name);
            events = Transitions.FailOutright(row, "UnknownWorkflow", $"This host does not know workflow '{row.Name}'.", engine.Now);
            outcomeName = "fail";
        }
        else
        {
            StepOutcome outcome;
            try
            {
                outcome = Bounded(await RunAsync(definition, row, compensating, claimedAt, ct));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await HandBackAsync(row);
                throw;
            }
            outcomeName = outcome.Kind.ToString().ToLowerInvariant();
            events = Transitions.Apply(row, definition, outcome, engine.Now, engine.Options, Random.Shared.NextDouble());
            if (events.Any(e => e.Type == WorkflowHistoryEventType.CompensationStepFailed)
                && !events.Any(e => e.Type == WorkflowHistoryEventType.RetryScheduled))
            {
                engine.Logger.CompensationGaveUp(instanceId, step);
            }
        }
        var finished = InstanceStatus.IsFinished(row.Status);
        var now = engine.Now;
        // Due now, and budget left: this commit claims the next step as well, and no wake-up is issued for it.
        var chained = !finished && row.NextWakeAt <= now && chain.MayClaimAnother(now) && !ct.IsCancellationRequested;
        if (chained)
        {
            events.Add(Claim(row, now));
        }
        // Commit even if the host is stopping now: the step has run, and a lost commit only means running it again.
        if (!await writer.TryCommitAsync(row, events, wake: !finished && !chained, CancellationToken.None))
        {
            engine.Logger.CommitLost(instanceId, step);
            WorkflowTelemetry.StepEnded(activity, row.Name, step, "lost");
            return null;
        }
        WorkflowTelemetry.StepEnded(activity, row.Name, step, outcomeName);
        engine.Logger.StepRan(row.Name, instanceId, step, attempt, outcomeName);
        if (finished)
        {
            engine.Logger.Finished(row.Name, instanceId, row.Status);
            if (row.Status == InstanceStatus.Failed)
            {
                WorkflowTelemetry.Failures.Add(1, new("workflow.name", row.Name), new("workflow.error", row.ErrorCode));
            }
        }
        return chained ? now : null;
    }

    /// <summary>
    /// The host is stopping mid-step: commit nothing of the step, but clear the lease and issue a wake-up due now,
    /// so another host takes the step at once rather than after the lease and the message's invisibility (a chain
    /// makes a claimed row the usual state of a running workflow). If this fails, the lease runs out as after a crash.
    /// </summary>
    private async Task HandBackAsync(InstanceEntity row)
    {
        row.LeaseOwner = null;
        row.LeaseUntil = null;
        try
        {
            if (await writer.TryCommitAsync(row, [], wake: true, CancellationToken.None))
            {
                engine.Logger.HandedBack(row.PartitionKey, row.StepName);
            }
        }
        catch (Exception e)
        {
            engine.Logger.HandBackFailed(e, row.PartitionKey);
        }
    }

    private async Task<StepOutcome> RunAsync(WorkflowDefinition definition, InstanceEntity row, bool compensating,
        DateTimeOffset claimedAt, CancellationToken ct)
    {
        if (!compensating && row.StepIndex >= definition.StepCount)
        {
            return StepOutcome.Succeeded;
        }
        // The step may not outlive its lease: past it, another worker may take the step over.
        using var leaseTimeout = new CancellationTokenSource(engine.Options.LeaseDuration, engine.Clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, leaseTimeout.Token);
        var invocation = new StepInvocation(row.PartitionKey, row.Resource, row.StepIndex, row.Attempt, row.State, claimedAt, linked.Token);
        try
        {
            if (!compensating)
            {
                return await definition.RunAsync(invocation);
            }
            await definition.CompensateAsync(invocation);
            return StepOutcome.Succeeded;
        }
        catch (PermanentFailureException e)
        {
            return StepOutcome.Fail(e.Code, e.Message);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The host is stopping: commit nothing (the caller hands the step back).
            throw;
        }
        catch (OperationCanceledException) when (leaseTimeout.IsCancellationRequested)
        {
            return StepOutcome.Retry($"The step outlived its lease of {engine.Options.LeaseDuration}.");
        }
        catch (Exception e)
        {
            engine.Logger.StepThrew(e, row.Name, row.PartitionKey, row.StepName, row.Attempt);
            return StepOutcome.Retry($"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>A state or output too big for its column fails the workflow rather than every later write.</summary>
    private static StepOutcome Bounded(StepOutcome outcome) =>
        outcome.StateJson?.Length > Limits.MaxJsonChars || outcome.OutputJson?.Length > Limits.MaxJsonChars
            ? StepOutcome.Fail("StateTooLarge", $"A workflow's state and output must each stay under {Limits.MaxJsonChars} characters of JSON.")
            : outcome;

    /// <summary>How far one wake-up may chain: a number of steps, and a time after which it claims no more.</summary>
    private sealed class ChainBudget(int maxSteps, DateTimeOffset claimUntil)
    {
        private int stepsRun;

        public void StepRan() => stepsRun++;

        public bool MayClaimAnother(DateTimeOffset now) => stepsRun < maxSteps && now < claimUntil;
    }
}
