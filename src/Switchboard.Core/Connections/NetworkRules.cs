using System.Net;
using System.Net.Sockets;

namespace Switchboard.Core.Connections;

/// <summary>
/// Which addresses Switchboard may send a credential to (connection targets, probes, webhooks). Loopback,
/// link-local (the cloud metadata address among them), unspecified, broadcast and multicast addresses are never
/// targets: a request there reaches the service's own host or its platform. Private ranges (10/8, 172.16/12,
/// 192.168/16, fc00::/7) are real private endpoints, allowed only when the operator says so. The check runs
/// twice: on the URL when a connection is written, and on the address actually connected to, after name
/// resolution, so a name that resolves (or rebinds) to a forbidden address gets nowhere.
/// </summary>
public sealed record NetworkRules(bool AllowPrivate = false, bool AllowLoopback = false)
{
    public const string RefusedDetail =
        "Loopback, link-local, unspecified, broadcast and multicast addresses are never targets, and private ones only where the operator allows them.";

    public bool Allows(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address))
        {
            return AllowLoopback;
        }
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 => false,                                   // "this network"
                169 when b[1] == 254 => false,                // link-local, 169.254.169.254 included
                >= 224 => false,                              // multicast and reserved
                10 => AllowPrivate,
                172 when b[1] is >= 16 and <= 31 => AllowPrivate,
                192 when b[1] == 168 => AllowPrivate,
                _ => true,
            };
        }
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast)
        {
            return false;
        }
        return (address.GetAddressBytes()[0] & 0xFE) == 0xFC ? AllowPrivate : true; // fc00::/7, unique local
    }

    /// <summary>The URL's host, where it can be judged without resolving it: an address literal or localhost.</summary>
    public bool AllowsHost(Uri uri)
    {
        var host = uri.IdnHost.TrimStart('[').TrimEnd(']');
        if (IPAddress.TryParse(host, out var address))
        {
            return Allows(address);
        }
        var isLocalhost = host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
        return !isLocalhost || AllowLoopback;
    }
}
