using System.Diagnostics;

namespace Switchboard.Bench;

/// <summary>
/// A second Server for counting calls, never for timing: against the Azurite that logs every request
/// (<c>--debug</c>) and an emulator vault of its own, whose per-operation counters give the Key Vault calls. Its
/// timer jobs never fire (ServiceSettings), so the only calls it makes unasked are its Durable Task worker's on
/// its task hub (<see cref="HubName"/>: polling the queues, renewing leases). A request's profile leaves those
/// out (a request does not touch the hub); a rotation's count keeps them, and scenario 4 says how many a second
/// the worker makes when idle.
/// </summary>
public sealed class CountingStack : IAsyncDisposable
{
    public const string VaultName = "count";

    /// <summary>The counting service's task hub.</summary>
    public const string HubName = "countSwitchboard";

    /// <summary>Its table prefix: none, so its tables are "Connections", "ExpiryIndex", ...</summary>
    public const string Prefix = "";

    private CountingStack(ServiceProcess service, ApiClient api, RawClients raw, AzuriteLog log, Emulator emulator, Uri vault)
    {
        Service = service;
        Api = api;
        Raw = raw;
        Log = log;
        Emulator = emulator;
        Vault = vault;
    }

    public ServiceProcess Service { get; }
    public ApiClient Api { get; }
    public RawClients Raw { get; }
    public AzuriteLog Log { get; }
    public Emulator Emulator { get; }
    public Uri Vault { get; }

    public static async Task<CountingStack> StartAsync(BenchOptions options, Emulator emulator, string adminKey)
    {
        var vault = await emulator.EnsureVaultAsync(VaultName);
        var port = ServiceProcess.FreePort();
        var service = ServiceProcess.Start(options.App,
            ServiceSettings.For(options.CountStorage!, Prefix, vault, emulator.CertificatePath, adminKey, port, HubName),
            port, Path.Combine(options.Work, "service-count.log"));
        await service.WaitForOkAsync(Stopwatch.GetTimestamp());
        var raw = new RawClients(options.CountStorage!, vault, emulator.CertificatePath);
        return new CountingStack(service, new ApiClient(service.BaseAddress, adminKey), raw, new AzuriteLog(options.CountLog!, raw), emulator, vault);
    }

    public Task<Dictionary<string, long>> KeyVaultOperationsAsync() => Emulator.OperationsAsync(VaultName);

    /// <summary>
    /// Runs <paramref name="requests"/> of <paramref name="operation"/> one after another (after two unmeasured
    /// ones) and counts what each cost in storage and Key Vault calls.
    /// </summary>
    public async Task<CallProfile> ProfileAsync(int requests, Func<ApiClient, int, Task> operation)
    {
        await operation(Api, -1);
        await operation(Api, -2);
        await Log.SkipToEndAsync();
        var before = await KeyVaultOperationsAsync();
        for (var i = 0; i < requests; i++)
        {
            await operation(Api, i);
        }
        var storage = await Log.ReadNewAsync();
        var keyVault = Emulator.Diff(before, await KeyVaultOperationsAsync());
        // The worker's polling of the task hub meanwhile is not the requests'.
        return new CallProfile(requests, storage.WithoutHubs(HubName), keyVault);
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Service.DisposeAsync();
    }
}

/// <summary>Storage and Key Vault calls per request, by kind.</summary>
public sealed class CallProfile(int requests, IReadOnlyDictionary<string, long> storage, IReadOnlyDictionary<string, long> keyVault)
{
    public int Requests { get; } = requests;
    public SortedDictionary<string, double> Storage { get; } = Per(storage, requests);
    public SortedDictionary<string, double> KeyVault { get; } = Per(keyVault, requests);
    public double StorageTotal => Math.Round(Storage.Values.Sum(), 2);
    public double KeyVaultTotal => Math.Round(KeyVault.Values.Sum(), 2);

    public override string ToString() =>
        Report.Inv($"{StorageTotal:0.##} storage calls") + (Storage.Count > 0 ? " (" + string.Join(", ", Storage.Select(p => Report.Inv($"{p.Key} {p.Value:0.##}"))) + ")" : "")
        + Report.Inv($" and {KeyVaultTotal:0.##} Key Vault calls") + (KeyVault.Count > 0 ? " (" + string.Join(", ", KeyVault.Select(p => Report.Inv($"{p.Key} {p.Value:0.##}"))) + ")" : "");

    private static SortedDictionary<string, double> Per(IReadOnlyDictionary<string, long> counts, int units) =>
        new(counts.ToDictionary(p => p.Key, p => Math.Round((double)p.Value / Math.Max(1, units), 2)), StringComparer.Ordinal);
}
