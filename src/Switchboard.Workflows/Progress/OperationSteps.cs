using Microsoft.DurableTask;
using Switchboard.Core.Operations;

namespace Switchboard.Workflows.Progress;

/// <summary>
/// An orchestration's progress, published as its custom status before each step so that the operations API can
/// show where it is and what happened. Timestamps come from the orchestration's replay-safe clock.
/// </summary>
public sealed class OperationSteps
{
    private readonly TaskOrchestrationContext context;
    private readonly IReadOnlyList<string> names;
    /// <summary>Events kept in the custom status; the sequence numbers show where older ones were dropped.</summary>
    public const int HistoryLimit = 60;

    private readonly List<OperationEvent> history = [];
    private int sequence;
    private string? step;
    private int index;
    private OperationError? error;

    public OperationSteps(TaskOrchestrationContext context, params string[] names)
    {
        this.context = context;
        this.names = names;
        Record("Started", null);
        Publish();
    }

    /// <summary>Reports that <paramref name="name"/>, one of the steps given at construction, begins.</summary>
    public void Begin(string name, int? attempt = null)
    {
        index = names.ToList().IndexOf(name) is var i and >= 0 ? i : throw new ArgumentException($"'{name}' is not a step.", nameof(name));
        if (step is not null && step != name)
        {
            Record("StepCompleted", step);
        }
        step = name;
        Record("StepStarted", name, attempt);
        Publish();
    }

    /// <summary>A note on the current step: a timer set, a retry, an unreachable target.</summary>
    public void Note(string type, string? detail = null, DateTimeOffset? wakeAt = null)
    {
        Record(type, step, detail: detail, wakeAt: wakeAt);
        Publish();
    }

    /// <summary>Records the failure and answers the exception that ends the orchestration as Failed.</summary>
    public OperationFailedException Fail(string code, string message)
    {
        error = new OperationError(code, message);
        Record("StepFailed", step, error: error);
        Publish();
        return new OperationFailedException(code, message);
    }

    /// <summary>The step failed with an activity's exception that is not ours to name: its retries ran out.</summary>
    public OperationFailedException Fail(TaskFailedException failure) =>
        Fail("RetriesExhausted", $"Step '{step}' failed: {failure.FailureDetails.ErrorMessage}");

    /// <summary>Compensation runs after a failure; the error stays the one that caused it.</summary>
    public void Compensating() => Note("CompensationStarted");

    public void Finish()
    {
        index = names.Count - 1;
        if (step is not null)
        {
            Record("StepCompleted", step);
        }
        Record("Finished", step);
        Publish();
    }

    private void Record(string type, string? stepName, int? attempt = null, string? detail = null, DateTimeOffset? wakeAt = null, OperationError? error = null)
    {
        history.Add(new OperationEvent(++sequence, type, new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero), stepName, attempt, wakeAt, detail, error));
        if (history.Count > HistoryLimit)
        {
            // The custom status is one table property (64 KB at most): a long wait keeps its latest events.
            history.RemoveAt(0);
        }
    }

    private void Publish() => context.SetCustomStatus(new OperationProgress(step, index, names.Count, [.. history], error));
}
