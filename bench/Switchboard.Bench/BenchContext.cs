using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;

namespace Switchboard.Bench;

/// <summary>What every scenario shares: the running service, the raw clients on the same Azurite and vault, fixtures.</summary>
public sealed class BenchContext : IAsyncDisposable
{
    public const string Prefix = "bench";
    public const string ReadHub = "benchread";
    public const int ReadConnections = 100;

    private BenchContext(BenchOptions options, Emulator emulator, Uri vault, RawClients raw, string adminKey, ServiceProcess service)
    {
        Options = options;
        Emulator = emulator;
        Vault = vault;
        Raw = raw;
        AdminKey = adminKey;
        Service = service;
        Api = new ApiClient(service.BaseAddress, adminKey);
        RawConnections = raw.Tables.GetTableClient(Prefix + "Connections");
    }

    public BenchOptions Options { get; }
    public Emulator Emulator { get; }
    public Uri Vault { get; }
    public RawClients Raw { get; }
    public string AdminKey { get; }
    public ServiceProcess Service { get; }
    public ApiClient Api { get; }

    /// <summary>The service's connections table, for the raw baselines.</summary>
    public TableClient RawConnections { get; }

    /// <summary>Six hex digits, so names made by this run never collide with an earlier run's on running services.</summary>
    public string RunId { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    public static string Alias(int i) => $"bench-{i:D3}";

    public static async Task<BenchContext> StartAsync(BenchOptions options)
    {
        var emulator = Emulator.Load(options.KeyVaultEndpoints);
        var vault = emulator.Vaults.TryGetValue("main", out var main) ? main : emulator.Vaults.Values.First();
        var adminKey = "sbbench_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var port = ServiceProcess.FreePort();
        var service = ServiceProcess.Start(options.App,
            ServiceSettings.For(options.Storage, Prefix, vault, emulator.CertificatePath, adminKey, port, Scenarios.RotationScenario.MainHub),
            port, Path.Combine(options.Work, "service-main.log"));
        try
        {
            await service.WaitForOkAsync(System.Diagnostics.Stopwatch.GetTimestamp());
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
        var context = new BenchContext(options, emulator, vault, new RawClients(options.Storage, vault, emulator.CertificatePath), adminKey, service);
        await context.RawConnections.CreateIfNotExistsAsync();
        return context;
    }

    /// <summary>Another Server on the main Azurite and vault, with a task hub of its own (<paramref name="hubName"/>).</summary>
    public Dictionary<string, string> ServiceEnvironment(int port, string hubName) =>
        ServiceSettings.For(Options.Storage, Prefix, Vault, Emulator.CertificatePath, AdminKey, port, hubName);

    public static async Task EnsureHubAsync(ApiClient api, string hub) =>
        await api.CallAsync(HttpMethod.Put, $"api/hubs/{hub}", JsonSerializer.Serialize(new { displayName = "Benchmark " + hub }),
            HttpStatusCode.Created, HttpStatusCode.OK);

    /// <summary>An OpenAI connection as a client would create it.</summary>
    public static string OpenAiConnection(string alias, string key) => JsonSerializer.Serialize(new
    {
        alias,
        name = "Benchmark " + alias,
        provider = "OpenAI",
        target = "https://api.openai.com/v1",
        authType = "ApiKey",
        credentials = new { key },
        settings = new { organization = "org-bench" },
        metadata = new { team = "benchmark", costCenter = "4711" },
    });

    /// <summary>Creates connections (an alias already there from an earlier run is fine).</summary>
    public static async Task CreateConnectionsAsync(ApiClient api, string hub, IReadOnlyList<string> bodies, int concurrency)
    {
        var sample = new Sample();
        await Load.RunAsync(sample, concurrency, bodies.Count, i =>
            api.CallAsync(HttpMethod.Post, $"api/hubs/{hub}/connections", bodies[i], HttpStatusCode.Created, HttpStatusCode.Conflict));
        if (sample.Errors > 0)
        {
            throw new InvalidOperationException($"Creating connections in {hub} failed: {string.Join("; ", sample.ErrorMessages)}");
        }
    }

    private bool readFixture;

    /// <summary>Hub <see cref="ReadHub"/> with <see cref="ReadConnections"/> connections, for scenarios 1, 3 and 7.</summary>
    public async Task EnsureReadFixtureAsync()
    {
        if (readFixture)
        {
            return;
        }
        await EnsureHubAsync(Api, ReadHub);
        await CreateConnectionsAsync(Api, ReadHub,
            [.. Enumerable.Range(0, ReadConnections).Select(i => OpenAiConnection(Alias(i), $"sk-bench-{i:D3}-{RunId}"))], 2);
        readFixture = true;
    }

    private CountingStack? counting;

    /// <summary>The call-counting service (started on first use), or null when run.sh gave no counting Azurite.</summary>
    public async Task<CountingStack?> CountingAsync()
    {
        if (Options.CountStorage is null || Options.CountLog is null)
        {
            return null;
        }
        return counting ??= await CountingStack.StartAsync(Options, Emulator, AdminKey);
    }

    private bool countingReadFixture;

    /// <summary>
    /// The storage and Key Vault calls of one API request on the counting service (against a few connections
    /// of hub <see cref="ReadHub"/> there), or null without a counting service.
    /// </summary>
    public async Task<CallProfile?> ProfileAsync(Func<ApiClient, int, Task> operation, int requests = 20)
    {
        if (await CountingAsync() is not { } stack)
        {
            return null;
        }
        if (!countingReadFixture)
        {
            await EnsureHubAsync(stack.Api, ReadHub);
            await CreateConnectionsAsync(stack.Api, ReadHub, [.. Enumerable.Range(0, 10).Select(i => OpenAiConnection(Alias(i), $"sk-bench-{i:D3}"))], 1);
            countingReadFixture = true;
        }
        return await stack.ProfileAsync(requests, operation);
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        if (counting is not null)
        {
            await counting.DisposeAsync();
        }
        await Service.DisposeAsync();
    }
}

public interface IScenario
{
    int Number { get; }
    string Name { get; }
    string Target { get; }
    Task RunAsync(BenchContext context, ScenarioResult result);
}

/// <summary>The bare minimal API as a process of its own.</summary>
public static class BareApp
{
    public static async Task<ServiceProcess> StartAsync(BenchContext context, string name = "bare")
    {
        var port = ServiceProcess.FreePort();
        var process = ServiceProcess.Start(context.Options.Bare,
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" }, port,
            Path.Combine(context.Options.Work, name + ".log"));
        await process.WaitForOkAsync(System.Diagnostics.Stopwatch.GetTimestamp());
        return process;
    }
}
