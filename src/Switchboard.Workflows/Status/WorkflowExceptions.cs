namespace Switchboard.Workflows;

/// <summary>A start was refused: an instance with this id is still Pending or Running.</summary>
public sealed class WorkflowAlreadyRunningException(string instanceId, string workflowName)
    : InvalidOperationException($"Workflow instance '{instanceId}' ({workflowName}) is still running.")
{
    public string InstanceId { get; } = instanceId;
    public string WorkflowName { get; } = workflowName;
}

/// <summary>A purge was refused: the instance has not finished (terminate it first).</summary>
public sealed class WorkflowNotFinishedException(string instanceId)
    : InvalidOperationException($"Workflow instance '{instanceId}' has not finished; only finished instances can be purged.")
{
    public string InstanceId { get; } = instanceId;
}

/// <summary>A start named a workflow this host has not registered.</summary>
public sealed class UnknownWorkflowException(string workflowName)
    : ArgumentException($"No workflow named '{workflowName}' is registered.")
{
    public string WorkflowName { get; } = workflowName;
}
