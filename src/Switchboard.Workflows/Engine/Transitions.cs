using Switchboard.Workflows.Storage;
using static Switchboard.Workflows.WorkflowHistoryEventType;

namespace Switchboard.Workflows.Engine;

/// <summary>
/// How a step's outcome moves an instance on: pure changes to the claimed row, plus the history they make.
/// Running: next step, timer, retry with backoff, or failure (which starts compensation). Compensating: each
/// completed step's compensation in reverse, each a durable step of its own, then Failed with the first error.
/// </summary>
internal static class Transitions
{
    public static List<HistoryRecord> Apply(InstanceEntity row, WorkflowDefinition definition, StepOutcome outcome,
        DateTimeOffset now, WorkflowOptions options, double jitter)
    {
        var events = new List<HistoryRecord>();
        row.LeaseOwner = null;
        row.LeaseUntil = null;
        if (row.Status == InstanceStatus.Compensating)
        {
            AfterCompensation(row, definition, outcome, now, options, jitter, events);
        }
        else
        {
            AfterStep(row, definition, outcome, now, options, jitter, events);
        }
        return events;
    }

    /// <summary>No definition to run or compensate with: fail as is.</summary>
    public static List<HistoryRecord> FailOutright(InstanceEntity row, string code, string message, DateTimeOffset now)
    {
        var events = new List<HistoryRecord>();
        row.LeaseOwner = null;
        row.LeaseUntil = null;
        row.ErrorCode = code;
        row.ErrorMessage = message;
        Finish(row, InstanceStatus.Failed, now, events);
        return events;
    }

    private static void AfterStep(InstanceEntity row, WorkflowDefinition definition, StepOutcome outcome,
        DateTimeOffset now, WorkflowOptions options, double jitter, List<HistoryRecord> events)
    {
        var (index, attempt, name) = (row.StepIndex, row.Attempt, row.StepName);
        if (index >= definition.StepCount)
        {
            // The last step set a timer; it has fired, and nothing is left to run.
            Finish(row, InstanceStatus.Completed, now, events);
            return;
        }
        row.State = outcome.StateJson ?? row.State;
        switch (outcome.Kind)
        {
            case StepResultKind.Next:
                events.Add(new(StepCompleted, now, name, index, attempt));
                MarkCompleted(row, index);
                MoveTo(row, definition, index + 1, now, now, events);
                break;
            case StepResultKind.WaitUntil:
                events.Add(new(StepCompleted, now, name, index, attempt));
                events.Add(new(TimerSet, now, name, index, WakeAt: outcome.At));
                MarkCompleted(row, index);
                MoveTo(row, definition, index + 1, outcome.At, now, events);
                break;
            case StepResultKind.RunAgainAt:
                events.Add(new(TimerSet, now, name, index, attempt, WakeAt: outcome.At, Detail: "run again"));
                row.Attempt = 1;
                row.NextWakeAt = outcome.At;
                break;
            case StepResultKind.Retry:
                events.Add(new(StepFailed, now, name, index, attempt, "Transient", outcome.Message));
                var policy = definition.RetryPolicyOf(index);
                if (attempt >= (policy?.MaxAttempts ?? options.DefaultMaxAttempts))
                {
                    BeginFailure(row, definition, "RetriesExhausted", $"Step '{name}' failed {attempt} times. Last: {outcome.Message}", now, events);
                }
                else
                {
                    ScheduleRetry(row, now + Backoff.Delay(attempt, policy, options, jitter), now, events);
                }
                break;
            case StepResultKind.Fail:
                events.Add(new(StepFailed, now, name, index, attempt, outcome.Code, outcome.Message));
                BeginFailure(row, definition, outcome.Code ?? "Failed", outcome.Message ?? "", now, events);
                break;
            case StepResultKind.Complete:
                events.Add(new(StepCompleted, now, name, index, attempt));
                row.Output = outcome.OutputJson;
                Finish(row, InstanceStatus.Completed, now, events);
                break;
        }
    }

    private static void AfterCompensation(InstanceEntity row, WorkflowDefinition definition, StepOutcome outcome,
        DateTimeOffset now, WorkflowOptions options, double jitter, List<HistoryRecord> events)
    {
        var (index, attempt, name) = (row.StepIndex, row.Attempt, row.StepName);
        if (outcome.Kind is StepResultKind.Retry or StepResultKind.Fail)
        {
            events.Add(new(CompensationStepFailed, now, name, index, attempt, outcome.Code ?? "Transient", outcome.Message));
            var policy = definition.RetryPolicyOf(index);
            if (outcome.Kind == StepResultKind.Retry && attempt < (policy?.MaxAttempts ?? options.DefaultMaxAttempts))
            {
                ScheduleRetry(row, now + Backoff.Delay(attempt, policy, options, jitter), now, events);
                return;
            }
            // Given up on: the other compensations still run; the history says which one did not.
        }
        else
        {
            events.Add(new(CompensationStepRun, now, name, index, attempt));
        }
        UnmarkCompleted(row, index);
        CompensateNextOrFinish(row, definition, now, events);
    }

    private static void MoveTo(InstanceEntity row, WorkflowDefinition definition, int next, DateTimeOffset wakeAt,
        DateTimeOffset now, List<HistoryRecord> events)
    {
        if (next >= definition.StepCount && wakeAt <= now)
        {
            Finish(row, InstanceStatus.Completed, now, events);
            return;
        }
        // Past the last step with a timer still to go: StepIndex == StepCount until it fires.
        row.StepIndex = next;
        row.StepName = next < definition.StepCount ? definition.StepNames[next] : row.StepName;
        row.Attempt = 1;
        row.NextWakeAt = wakeAt;
    }

    private static void ScheduleRetry(InstanceEntity row, DateTimeOffset at, DateTimeOffset now, List<HistoryRecord> events)
    {
        row.Attempt++;
        row.NextWakeAt = at;
        events.Add(new(RetryScheduled, now, row.StepName, row.StepIndex, row.Attempt, WakeAt: at));
    }

    private static void BeginFailure(InstanceEntity row, WorkflowDefinition definition, string code, string message,
        DateTimeOffset now, List<HistoryRecord> events)
    {
        row.ErrorCode = code;
        row.ErrorMessage = HistoryStore.Truncate(message);
        if (NextCompensation(row, definition) is null)
        {
            Finish(row, InstanceStatus.Failed, now, events);
            return;
        }
        row.Status = InstanceStatus.Compensating;
        events.Add(new(CompensationStarted, now, ErrorCode: code, ErrorMessage: message));
        CompensateNextOrFinish(row, definition, now, events);
    }

    private static void CompensateNextOrFinish(InstanceEntity row, WorkflowDefinition definition, DateTimeOffset now, List<HistoryRecord> events)
    {
        if (NextCompensation(row, definition) is not { } next)
        {
            Finish(row, InstanceStatus.Failed, now, events);
            return;
        }
        row.StepIndex = next;
        row.StepName = definition.StepNames[next];
        row.Attempt = 1;
        row.NextWakeAt = now;
    }

    private static void Finish(InstanceEntity row, string status, DateTimeOffset now, List<HistoryRecord> events)
    {
        row.Status = status;
        row.NextWakeAt = null;
        var failed = status == InstanceStatus.Failed;
        events.Add(new(Finished, now, ErrorCode: failed ? row.ErrorCode : null, ErrorMessage: failed ? row.ErrorMessage : null, Detail: status));
    }

    /// <summary>The latest completed step that has a compensation.</summary>
    private static int? NextCompensation(InstanceEntity row, WorkflowDefinition definition) =>
        Completed(row).Where(i => i < definition.StepCount && definition.HasCompensation(i)).Select(i => (int?)i).LastOrDefault();

    private static List<int> Completed(InstanceEntity row) =>
        row.CompletedSteps.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();

    private static void MarkCompleted(InstanceEntity row, int index) =>
        row.CompletedSteps = string.Join(',', Completed(row).Append(index));

    private static void UnmarkCompleted(InstanceEntity row, int index)
    {
        var completed = Completed(row);
        completed.RemoveAt(completed.LastIndexOf(index));
        row.CompletedSteps = string.Join(',', completed);
    }
}
