namespace Switchboard.Core.Connections;

/// <summary>Where a connection route points: a hub (<see cref="Project"/> null) or one of its projects.</summary>
public sealed record ConnectionScope(string Hub, string? Project)
{
    public bool IsHub => Project is null;

    public override string ToString() => Project is null ? $"hub '{Hub}'" : $"project '{Project}' of hub '{Hub}'";
}
