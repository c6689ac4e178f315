using Microsoft.Extensions.Options;

namespace Switchboard.Workflows;

/// <summary>Lets a host check the options at start (<c>ValidateOnStart</c>) rather than at the first workflow.</summary>
public sealed class WorkflowOptionsValidator : IValidateOptions<WorkflowOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkflowOptions options)
    {
        var errors = options.Errors().ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
