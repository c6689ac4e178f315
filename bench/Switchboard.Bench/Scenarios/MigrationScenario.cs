using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Azure.Security.KeyVault.Secrets;

namespace Switchboard.Bench.Scenarios;

/// <summary>
/// Scenario 8: a hub's 1,000 connections moved from the service's vault to a vault of its own
/// (POST .../keyvault/migrate, then GET /api/operations/{id} until 200), against the raw copy on the same emulator
/// in the same run: one GetSecret from the source and one SetSecret into another vault per version, 32 at once
/// (about what the migration keeps in flight). The migration also reads each copy back, lists the target's versions
/// (to find a copy a crashed step made), switches every row, switches the hub and soft-deletes the sources; the
/// raw copy does none of that. The Server runs with the write limit raised above the 1,000 writes, since the raw
/// copy has none: at the default (300 per 10 s per vault) a 1,000-connection move takes at least 33 s by design.
/// </summary>
public sealed class MigrationScenario : IScenario
{
    private const int RawConcurrency = 32;

    public int Number => 8;
    public string Name => "Key Vault migration of 1,000 connections, against the raw copy";
    public string Target => "within 2x of the raw copy (GetSecret + SetSecret per version, same emulator, same run)";

    public async Task RunAsync(BenchContext context, ScenarioResult result)
    {
        var count = context.Options.Scale(1000, 100);
        var run = context.RunId;
        var target = await context.Emulator.EnsureVaultAsync("benchmove" + run);
        var rawTarget = await context.Emulator.EnsureVaultAsync("benchraw" + run);
        var port = ServiceProcess.FreePort();
        var environment = context.ServiceEnvironment(port, "benchMove" + run);
        environment["Switchboard__KeyVault__AllowedHostSuffixes__0"] = "localhost:" + target.Port;
        environment["Switchboard__KeyVault__MigrationWritesPer10Seconds"] = "100000";
        await using var service = ServiceProcess.Start(context.Options.App, environment, port, Path.Combine(context.Options.Work, "service-move.log"));
        await service.WaitForOkAsync(Stopwatch.GetTimestamp());
        using var api = new ApiClient(service.BaseAddress, context.AdminKey);

        var hub = "benchmove" + run;
        await BenchContext.EnsureHubAsync(api, hub);
        await BenchContext.CreateConnectionsAsync(api, hub,
            [.. Enumerable.Range(0, count).Select(i => BenchContext.OpenAiConnection($"m{i:D4}", $"sk-move-{i:D4}-{run}"))], 8);

        // The raw copy: the same secrets, read from the service's vault and written to a vault of its own.
        var names = new List<string>();
        await foreach (var secret in context.Raw.Secrets.GetPropertiesOfSecretsAsync())
        {
            if (secret.Name.StartsWith($"sb-{hub}-", StringComparison.Ordinal))
            {
                names.Add(secret.Name);
            }
        }
        var rawClient = context.Raw.SecretsOf(rawTarget);
        var raw = Stopwatch.StartNew();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = RawConcurrency }, async (name, ct) =>
        {
            var source = (await context.Raw.Secrets.GetSecretAsync(name, cancellationToken: ct)).Value;
            var copy = new KeyVaultSecret(name, source.Value);
            copy.Properties.ContentType = source.Properties.ContentType;
            await rawClient.SetSecretAsync(copy, ct);
        });
        raw.Stop();

        var moved = Stopwatch.StartNew();
        var (_, _, accepted) = await api.SendAsync(HttpMethod.Post, $"api/hubs/{hub}/keyvault/migrate",
            JsonSerializer.Serialize(new { to = target.ToString() }), HttpStatusCode.Accepted);
        var location = accepted.Headers.Location!.AbsolutePath;
        accepted.Dispose();
        JsonElement operation;
        do
        {
            await Task.Delay(100);
            operation = await api.JsonAsync(HttpMethod.Get, location.TrimStart('/'), null, HttpStatusCode.OK, HttpStatusCode.Accepted);
        }
        while (operation.GetProperty("status").GetString() is "Pending" or "Running");
        moved.Stop();
        if (operation.GetProperty("status").GetString() != "Completed")
        {
            throw new InvalidOperationException("The migration did not complete: " + operation);
        }

        var ratio = moved.Elapsed.TotalSeconds / raw.Elapsed.TotalSeconds;
        result.Details["connections"] = count;
        result.Details["rawSeconds"] = Math.Round(raw.Elapsed.TotalSeconds, 2);
        result.Details["migrationSeconds"] = Math.Round(moved.Elapsed.TotalSeconds, 2);
        result.Details["rawConnectionsPerSecond"] = Math.Round(names.Count / raw.Elapsed.TotalSeconds, 1);
        result.Details["migrationConnectionsPerSecond"] = Math.Round(count / moved.Elapsed.TotalSeconds, 1);
        result.Measured = Report.Inv($"{count} connections: migration {moved.Elapsed.TotalSeconds:0.0} s ({count / moved.Elapsed.TotalSeconds:0} connections/s), raw copy {raw.Elapsed.TotalSeconds:0.0} s ({names.Count / raw.Elapsed.TotalSeconds:0}/s): {ratio:0.00}x");
        result.Met = ratio <= 2.0;
    }
}
