namespace Switchboard.Core.Connections;

/// <summary>Rules of the registry that operators may tune.</summary>
public sealed class ConnectionOptions
{
    public const string Section = "Switchboard:Connections";

    /// <summary>Configuration keys that <c>$</c> references may name.</summary>
    public List<string> ReferencePrefixes { get; set; } = [.. ConfigurationReferences.DefaultPrefixes];

    /// <summary>Plain-http targets, for local development and tests only.</summary>
    public bool AllowHttpTargets { get; set; }

    /// <summary>Targets, probes and webhooks in private address ranges (private endpoints in the service's network).</summary>
    public bool AllowPrivateNetworkTargets { get; set; }

    /// <summary>Targets on the service's own host: for local tests with a stand-in on loopback only.</summary>
    public bool AllowLoopbackTargets { get; set; }

    public NetworkRules Network => new(AllowPrivateNetworkTargets, AllowLoopbackTargets);
}
