namespace Switchboard.Workflows;

/// <summary>The workflow definitions this host can run, by name. Every host on the same storage needs the same ones.</summary>
public sealed class WorkflowRegistry
{
    private readonly Dictionary<string, WorkflowDefinition> byName = new(StringComparer.Ordinal);

    public WorkflowRegistry(IEnumerable<WorkflowDefinition> definitions)
    {
        foreach (var definition in definitions)
        {
            if (definition.StepNames.Count == 0)
            {
                throw new ArgumentException($"Workflow '{definition.Name}' has no steps.", nameof(definitions));
            }
            if (!byName.TryAdd(definition.Name, definition))
            {
                throw new ArgumentException($"Two workflows are named '{definition.Name}'.", nameof(definitions));
            }
        }
    }

    public WorkflowRegistry(params WorkflowDefinition[] definitions) : this((IEnumerable<WorkflowDefinition>)definitions)
    {
    }

    public IReadOnlyCollection<WorkflowDefinition> All => byName.Values;

    public WorkflowDefinition? Find(string name) => byName.GetValueOrDefault(name);
}
