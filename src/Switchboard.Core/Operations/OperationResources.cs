namespace Switchboard.Core.Operations;

/// <summary>What an operation works on, as a path: <c>hubs/{hub}[/projects/{project}][/connections/{alias}]</c>.</summary>
public static class OperationResources
{
    public static string Of(string hub, string? project, string? alias = null) =>
        $"hubs/{hub}" + (project is null ? "" : $"/projects/{project}") + (alias is null ? "" : $"/connections/{alias}");

    public static (string Hub, string? Project) ScopeOf(string resource)
    {
        var parts = resource.Split('/');
        return (parts.Length > 1 ? parts[1] : "", parts.Length > 3 && parts[2] == "projects" ? parts[3] : null);
    }
}
