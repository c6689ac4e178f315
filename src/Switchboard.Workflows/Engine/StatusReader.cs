using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure.Data.Tables;
using Switchboard.Workflows.Storage;

namespace Switchboard.Workflows.Engine;

/// <summary>Instance rows as the status API shows them. The state itself is not shown; the input and output are.</summary>
internal sealed class StatusReader(EngineContext engine)
{
    public async Task<WorkflowStatus?> GetAsync(string instanceId, bool includeHistory, CancellationToken ct)
    {
        var row = Limits.IsValidInstanceId(instanceId) ? await engine.Instances.GetAsync(instanceId, ct) : null;
        if (row is null)
        {
            return null;
        }
        var history = includeHistory ? await engine.History.ReadAsync(instanceId, row.ExecutionId, ct) : null;
        return ToStatus(row, history);
    }

    public async IAsyncEnumerable<WorkflowStatus> ListAsync(string? workflowName, WorkflowRuntimeStatus? status, string? resource,
        [EnumeratorCancellation] CancellationToken ct)
    {
        // Each clause is built with parameters; joining escaped clauses keeps the whole filter parameterised.
        var clauses = new List<string>();
        if (workflowName is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Name eq {workflowName}"));
        }
        if (status is { } wanted)
        {
            clauses.Add("(" + string.Join(" or ", InstanceStatus.Of(wanted).Select(s => TableClient.CreateQueryFilter($"Status eq {s}"))) + ")");
        }
        if (resource is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Resource eq {resource}"));
        }
        await foreach (var row in engine.Instances.QueryAsync(clauses.Count == 0 ? null : string.Join(" and ", clauses), ct))
        {
            yield return ToStatus(row, null);
        }
    }

    private static WorkflowStatus ToStatus(InstanceEntity row, IReadOnlyList<WorkflowHistoryEvent>? history) => new(
        row.PartitionKey,
        row.Name,
        InstanceStatus.ToRuntime(row.Status),
        row.Resource,
        row.StepName,
        row.StepIndex,
        row.StepCount,
        row.Attempt,
        Parse(row.Input),
        Parse(row.Output),
        row.ErrorCode is null ? null : new WorkflowError(row.ErrorCode, row.ErrorMessage ?? ""),
        row.CreatedAt,
        row.UpdatedAt,
        row.NextWakeAt,
        history);

    private static JsonElement? Parse(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<JsonElement>(json);
}
