using Switchboard.Core.Connections;

namespace Switchboard.Core.Ports;

/// <summary>The outcome of one request to a connection's target with a version of its credentials.</summary>
public sealed record ProbeResult(bool? Ok, int? Status, int LatencyMs, string Detail);

/// <summary>Tries a connection's credentials against its target, as its provider's probe describes.</summary>
public interface IConnectionProbe
{
    Task<ProbeResult> ProbeAsync(Connection connection, string? version, CancellationToken cancellationToken);
}

/// <summary>An event for subscribers (webhooks): a CloudEvents type and what it is about. Never a credential.</summary>
public sealed record Notification(string Type, string Hub, string? Project, string? Alias, IReadOnlyDictionary<string, string> Data);

/// <summary>Tells subscribers; never blocks or fails the caller.</summary>
public interface INotifier
{
    Task NotifyAsync(Notification notification, CancellationToken cancellationToken);
}
