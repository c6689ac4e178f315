using System.Diagnostics;
using Switchboard.Core;
using Switchboard.Core.Connections;
using Switchboard.Core.Errors;
using Switchboard.Core.Ports;
using Switchboard.Core.Providers;

namespace Switchboard.Api.Connections;

/// <summary>
/// <c>POST .../test</c>: one real request to the connection's target with its current credentials, as the
/// provider's probe describes it. The answer says whether it worked, never what was sent.
/// </summary>
public sealed class ConnectionTester(ConnectionService connections, CredentialReader reader, IHttpClientFactory http, IAuditLog audit, TimeProvider clock)
    : IConnectionProbe
{
    public const string HttpClientName = "connection-probe";

    public async Task<TestResponse> TestAsync(ConnectionScope scope, string alias, string? ifMatch, Caller caller, CancellationToken ct)
    {
        var (connection, etag) = await connections.GetAsync(scope, alias, ct);
        Preconditions.Check(ifMatch, etag);
        if (!connection.IsActive)
        {
            throw new SwitchboardException(ErrorCode.ConnectionDisabled, $"Connection '{alias}' is disabled; enable it to test it.");
        }
        var result = await ProbeAsync(connection, connection.Versions.Current, ct);
        await audit.WriteAsync(new AuditEntry(connection.Hub, clock.GetUtcNow(), caller.ActorId, AuditActions.ConnectionTested,
            connection.Project, connection.Alias, caller.CorrelationId,
            new Dictionary<string, string> { ["ok"] = result.Ok?.ToString() ?? "untestable" }), ct);
        return new TestResponse(result.Ok, result.Status, result.LatencyMs, result.Detail);
    }

    /// <summary>Probes with the credentials of <paramref name="version"/> (rotation tests a pending version this way).</summary>
    public async Task<ProbeResult> ProbeAsync(Connection connection, string? version, CancellationToken ct)
    {
        var probe = ProviderCatalog.Find(connection.Provider)?.Probe;
        if (probe is null)
        {
            return new ProbeResult(null, null, 0, $"{connection.Provider} connections cannot be tested.");
        }
        var credentials = (await reader.RevealAsync(connection, version, ct)).Credentials;
        if (!credentials.TryGetValue(probe.CredentialField, out var credential))
        {
            return new ProbeResult(null, null, 0, $"Testing needs the '{probe.CredentialField}' credential, which this connection does not have.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, connection.Target.ToString().TrimEnd('/') + probe.PathAndQuery);
        var header = connection.Settings.GetValueOrDefault("apiKeyHeader") is { Length: > 0 } custom ? custom : probe.Header;
        request.Headers.TryAddWithoutValidation(header, probe.HeaderPrefix + credential);
        foreach (var (name, value) in probe.FixedHeaders ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var ok = response.IsSuccessStatusCode;
            return new ProbeResult(ok, (int)response.StatusCode, (int)watch.ElapsedMilliseconds,
                ok ? "The target accepted the credentials." : $"The target answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new ProbeResult(false, null, (int)watch.ElapsedMilliseconds, "The target could not be reached.");
        }
    }
}
