using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Switchboard.Api.Tests.Registry;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Operations;

/// <summary>
/// A hub with many connections (hub and project scope, some with a previous version after a change of credentials),
/// each with a canary key, and a client that reads them without pause while their vault changes.
/// </summary>
public sealed class MigrationWorkload(ApiClient api, string hub, string project)
{
    public string Hub { get; } = hub;

    /// <summary>Scope path -> alias -> (current key, previous key or null).</summary>
    public ConcurrentDictionary<string, (string Scope, string Current, string? Previous)> Connections { get; } = new();

    public static async Task<MigrationWorkload> CreateAsync(ApiClient api, int count)
    {
        var hub = await api.CreateHubAsync();
        var project = await api.CreateProjectAsync(hub);
        var workload = new MigrationWorkload(api, hub, project);
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) => await workload.AddAsync(i));
        return workload;
    }

    private async Task AddAsync(int i)
    {
        var scope = i % 3 == 0 ? $"/api/hubs/{Hub}/projects/{project}" : $"/api/hubs/{Hub}";
        var alias = $"c{i:D4}";
        var first = $"sk-move-{i}-{Guid.NewGuid():N}";
        await api.CreateConnectionAsync(scope, ApiClient.OpenAI(alias, first));
        if (i % 5 == 0)
        {
            var second = $"sk-move-{i}-{Guid.NewGuid():N}";
            await ApiClient.Expect(await api.PatchJsonAsync($"{scope}/connections/{alias}", new { credentials = new { key = second } }), HttpStatusCode.OK);
            Connections[alias] = (scope, second, first);
        }
        else
        {
            Connections[alias] = (scope, first, null);
        }
    }

    /// <summary>Reads random connections' current (and previous) credentials until stopped; every wrong answer is kept.</summary>
    public async Task<IReadOnlyList<string>> ReadUntilAsync(CancellationToken stop)
    {
        var wrong = new ConcurrentQueue<string>();
        var aliases = Connections.Keys.ToArray();
        var reads = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                var alias = aliases[Random.Shared.Next(aliases.Length)];
                var (scope, current, previous) = Connections[alias];
                await CheckAsync(wrong, $"{scope}/connections/{alias}/listSecrets", current);
                if (previous is not null)
                {
                    await CheckAsync(wrong, $"{scope}/connections/{alias}/listSecrets?version=previous", previous);
                }
                Interlocked.Increment(ref reads);
            }
        }));
        Assert.True(reads > 20, $"only {reads} reads ran");
        return [.. wrong];
    }

    private async Task CheckAsync(ConcurrentQueue<string> wrong, string path, string expected)
    {
        var response = await api.Http.PostAsync(path, null);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            wrong.Enqueue($"{path}: {(int)response.StatusCode} {body}");
        }
        else if (JsonDocument.Parse(body).RootElement.GetProperty("credentials").GetProperty("key").GetString() != expected)
        {
            wrong.Enqueue($"{path}: another value");
        }
    }

    /// <summary>Every canary is in a live secret of <paramref name="vault"/>, and none of them in a live secret of the others.</summary>
    public async Task AssertOnlyInAsync(string vault, params string[] others)
    {
        var live = LiveValues(await TestVaults.DumpAsync(vault));
        foreach (var (alias, (_, current, previous)) in Connections)
        {
            Assert.True(live.Contains(current), $"{alias}'s current credentials are not in {vault}");
            Assert.True(previous is null || live.Contains(previous), $"{alias}'s previous credentials are not in {vault}");
        }
        foreach (var other in others)
        {
            var there = LiveValues(await TestVaults.DumpAsync(other));
            Assert.DoesNotContain(Connections.Values, c => there.Contains(c.Current));
        }
    }

    /// <summary>The hub's secrets in <paramref name="vault"/>: each deleted (recoverable), none live.</summary>
    public async Task AssertSoftDeletedInAsync(string vault)
    {
        var secrets = HubSecrets(await TestVaults.DumpAsync(vault)).ToList();
        Assert.NotEmpty(secrets);
        Assert.All(secrets, s => Assert.True(IsDeleted(s), $"{s.GetProperty("name")} is live"));
    }

    /// <summary>Each live secret of the hub in <paramref name="vault"/> has exactly one version per version it was copied from.</summary>
    public async Task AssertNoDuplicateCopiesAsync(string vault)
    {
        foreach (var secret in HubSecrets(await TestVaults.DumpAsync(vault)).Where(s => !IsDeleted(s)))
        {
            var origins = secret.GetProperty("versions").EnumerateArray()
                .Select(v => v.TryGetProperty("tags", out var tags) && tags.TryGetProperty("switchboard-copied-from", out var from) ? from.GetString() : null)
                .Where(o => o is not null).ToList();
            Assert.Equal(origins.Count, origins.Distinct().Count());
        }
    }

    private static bool IsDeleted(JsonElement secret) => secret.TryGetProperty("deletion", out var deletion) && deletion.ValueKind == JsonValueKind.Object;

    private IEnumerable<JsonElement> HubSecrets(string dump) =>
        JsonDocument.Parse(dump).RootElement.GetProperty("secrets").EnumerateArray()
            .Where(s => s.GetProperty("name").GetString()!.StartsWith($"sb-{Hub}-", StringComparison.Ordinal)
                && s.GetProperty("name").GetString()!.Length == $"sb-{Hub}-".Length + 32)
            .Select(s => s.Clone());

    private HashSet<string> LiveValues(string dump) =>
        HubSecrets(dump).Where(s => !IsDeleted(s))
            .SelectMany(s => s.GetProperty("versions").EnumerateArray())
            .Select(v => JsonDocument.Parse(v.GetProperty("value").GetString()!).RootElement.GetProperty("key").GetString()!)
            .ToHashSet();
}
