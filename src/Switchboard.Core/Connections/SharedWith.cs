namespace Switchboard.Core.Connections;

/// <summary>Which projects see and may use a hub connection: all of them, or the listed ones.</summary>
public sealed record SharedWith(IReadOnlyList<string>? Projects)
{
    public static readonly SharedWith All = new((IReadOnlyList<string>?)null);

    public bool IsAll => Projects is null;

    public bool Includes(string project) => Projects is null || Projects.Contains(project);
}
