using System.Net;
using System.Net.Sockets;
using Switchboard.Core.Connections;

namespace Switchboard.Api.Connections;

/// <summary>
/// The handler of every client that sends a credential or an event somewhere a user named (probes, webhooks):
/// it resolves the host itself and connects only to an address <see cref="NetworkRules"/> allows, so the address
/// checked is the address used (no DNS rebinding between check and connect), and follows no redirects.
/// </summary>
public static class GuardedConnections
{
    public static SocketsHttpHandler Handler(NetworkRules rules) => new()
    {
        AllowAutoRedirect = false,
        ConnectCallback = (context, ct) => ConnectAsync(rules, context.DnsEndPoint, ct),
    };

    private static async ValueTask<Stream> ConnectAsync(NetworkRules rules, DnsEndPoint endpoint, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(endpoint.Host.TrimStart('[').TrimEnd(']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, ct);
        var allowed = addresses.Where(rules.Allows).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"Refused to connect to {endpoint.Host}: {NetworkRules.RefusedDetail}");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
