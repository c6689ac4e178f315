using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Queues;

namespace Switchboard.Bench;

/// <summary>The emulator's endpoints.json and its admin API (vaults, request counters).</summary>
public sealed class Emulator
{
    private static readonly HttpClient Admin = new();

    private Emulator(Uri admin, string certificate, Dictionary<string, Uri> vaults)
    {
        AdminUri = admin;
        CertificatePath = certificate;
        Vaults = vaults;
    }

    public Uri AdminUri { get; }
    public string CertificatePath { get; }
    public Dictionary<string, Uri> Vaults { get; }

    public static Emulator Load(string endpointsPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(endpointsPath));
        var root = doc.RootElement;
        var vaults = root.GetProperty("vaults").EnumerateObject().ToDictionary(p => p.Name, p => new Uri(p.Value.GetString()!), StringComparer.OrdinalIgnoreCase);
        return new Emulator(new Uri(root.GetProperty("admin").GetString()!), root.GetProperty("certificate").GetString()!, vaults);
    }

    /// <summary>The vault of that name, started through the admin API if the emulator does not have it yet.</summary>
    public async Task<Uri> EnsureVaultAsync(string name)
    {
        if (Vaults.TryGetValue(name, out var known))
        {
            return known;
        }
        using var created = await Admin.PostAsJsonAsync(new Uri(AdminUri, "admin/vaults"), new { name });
        using var doc = created.StatusCode == HttpStatusCode.Conflict
            ? JsonDocument.Parse(await Admin.GetStringAsync(new Uri(AdminUri, $"admin/vaults/{name}")))
            : JsonDocument.Parse(await created.EnsureSuccessStatusCode().Content.ReadAsStringAsync());
        var uri = new Uri(doc.RootElement.GetProperty("uri").GetString()!);
        Vaults[name] = uri;
        return uri;
    }

    /// <summary>Authenticated requests a vault has answered, by operation (SetSecret, GetSecret, ...).</summary>
    public async Task<Dictionary<string, long>> OperationsAsync(string vault)
    {
        using var doc = JsonDocument.Parse(await Admin.GetStringAsync(new Uri(AdminUri, $"admin/vaults/{vault}/stats")));
        return doc.RootElement.GetProperty("operations").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
    }

    /// <summary>The difference of two counter snapshots.</summary>
    public static Dictionary<string, long> Diff(Dictionary<string, long> before, Dictionary<string, long> after) =>
        after.Select(p => (p.Key, Value: p.Value - before.GetValueOrDefault(p.Key))).Where(p => p.Value != 0)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}

/// <summary>
/// The raw SDK clients the baselines use: the same Azurite and the same emulator vault as the service, the
/// emulator's certificate pinned exactly as the service pins it (and nothing else trusted). Their user agent
/// starts with <see cref="ApplicationId"/>, so the storage call counts can leave the harness's own calls out.
/// </summary>
public sealed class RawClients
{
    public const string ApplicationId = "sbbench";

    public RawClients(string storage, Uri vault, string certificatePath)
    {
        var tableOptions = new TableClientOptions();
        tableOptions.Diagnostics.ApplicationId = ApplicationId;
        Tables = new TableServiceClient(storage, tableOptions);
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        queueOptions.Diagnostics.ApplicationId = ApplicationId;
        Queues = new QueueServiceClient(storage, queueOptions);

        this.certificatePath = certificatePath;
        Secrets = new SecretClient(vault, new StaticTokenCredential(), SecretOptions());
    }

    private readonly string certificatePath;

    private SecretClientOptions SecretOptions()
    {
        var secretOptions = new SecretClientOptions
        {
            // The emulator's challenge names https://vault.azure.net, which is not its host (localhost).
            DisableChallengeResourceVerification = true,
            Transport = new HttpClientTransport(PinnedHandler(certificatePath)),
        };
        secretOptions.Diagnostics.ApplicationId = ApplicationId;
        return secretOptions;
    }

    public TableServiceClient Tables { get; }
    public QueueServiceClient Queues { get; }
    public SecretClient Secrets { get; }

    /// <summary>A client of another vault of the emulator, pinned and authenticated the same way.</summary>
    public SecretClient SecretsOf(Uri vault) => new(vault, new StaticTokenCredential(), SecretOptions());

    /// <summary>Trusts exactly the emulator's certificate, byte for byte (the service's own pinning, see SecretClients).</summary>
    private static SocketsHttpHandler PinnedHandler(string pemPath)
    {
        var pinned = X509Certificate2.CreateFromPem(File.ReadAllText(pemPath));
        return new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                    presented is not null
                    && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
                    && presented.GetRawCertData().AsSpan().SequenceEqual(pinned.RawData),
            },
        };
    }

    /// <summary>The emulator takes any bearer token; this one never leaves the machine.</summary>
    private sealed class StaticTokenCredential : TokenCredential
    {
        private static AccessToken Token => new("switchboard-bench-token", DateTimeOffset.UtcNow.AddHours(1));

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => Token;

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(Token);
    }
}

/// <summary>Thrown for an answer the harness did not expect.</summary>
public sealed class UnexpectedStatusException(string message) : Exception(message);

/// <summary>Switchboard's HTTP API with the Administrator key.</summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient http;

    public ApiClient(Uri baseAddress, string apiKey)
    {
        http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = int.MaxValue,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(120),
        };
        http.DefaultRequestHeaders.Add("x-api-key", apiKey);
    }

    public Uri BaseAddress => http.BaseAddress!;

    /// <summary>Sends and reads the whole answer; throws unless the status is one of <paramref name="expected"/>.</summary>
    public async Task<(HttpStatusCode Status, byte[] Body, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, string path, string? json = null, params HttpStatusCode[] expected)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        var ok = expected.Length == 0 ? response.IsSuccessStatusCode : expected.Contains(response.StatusCode);
        if (!ok)
        {
            throw new UnexpectedStatusException(Report.Inv($"{method} {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)))}"));
        }
        return (response.StatusCode, body, response);
    }

    public async Task<JsonElement> JsonAsync(HttpMethod method, string path, string? json = null, params HttpStatusCode[] expected)
    {
        var (_, body, response) = await SendAsync(method, path, json, expected);
        response.Dispose();
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Only the status matters: the body is read and dropped.</summary>
    public async Task CallAsync(HttpMethod method, string path, string? json = null, params HttpStatusCode[] expected)
    {
        var (_, _, response) = await SendAsync(method, path, json, expected);
        response.Dispose();
    }

    public void Dispose() => http.Dispose();
}

/// <summary>
/// How the harness starts the Server (<c>dotnet Switchboard.Server.dll</c>'s self-contained executable): on a
/// loopback port, against one Azurite and one emulator vault, with its own task hub.
/// </summary>
public static class ServiceSettings
{
    /// <summary>A schedule that does not come during a run (midnight on 1 January): no timer job fires unasked.</summary>
    public const string Never = "0 0 0 1 1 *";

    public static Dictionary<string, string> For(string storage, string prefix, Uri vault, string certificatePath, string adminKey,
        int port, string hubName)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["AzureWebJobsStorage"] = storage,
            ["Switchboard__Storage__Prefix"] = prefix,
            ["Switchboard__KeyVault__ManagedVaultUri"] = vault.ToString(),
            ["Switchboard__KeyVault__EmulatorCertificatePath"] = certificatePath,
            ["SWITCHBOARD_ADMIN_KEY"] = adminKey,
            // The per-caller limit (1200 a minute) would throttle the benchmark's single caller.
            ["Switchboard__RateLimit__RequestsPerMinute"] = "100000000",
            // Rotation's test step probes the bare app on plain http on loopback.
            ["Switchboard__Connections__AllowHttpTargets"] = "true",
            ["Switchboard__Connections__AllowLoopbackTargets"] = "true",
            // Every process the harness starts has a task hub of its own: two processes on one hub share its
            // partitions, and one that is stopped holds its leases until they expire.
            ["Switchboard__Durable__HubName"] = hubName,
        };
        // The engine's settings, spelled out: the bare engine of scenario 4 runs with exactly these.
        foreach (var (key, value) in EngineSettings.Server)
        {
            settings["Switchboard__Durable__" + key] = value;
        }
        // No hourly expiry scan or purge in the middle of a measurement; scenario 5 starts a Server that scans.
        foreach (var job in new[] { "OperationsPurge", "ExpiryScan", "KeyVaultCheck" })
        {
            settings["Switchboard__Schedules__" + job] = Never;
        }
        return settings;
    }
}
