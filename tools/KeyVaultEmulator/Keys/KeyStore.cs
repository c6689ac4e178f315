using Switchboard.KeyVaultEmulator.Errors;
using Switchboard.KeyVaultEmulator.Secrets;

namespace Switchboard.KeyVaultEmulator.Keys;

/// <summary>
/// The keys of one vault, live and soft-deleted, under one lock as for secrets. Key material is
/// generated before the lock is taken: a 4096-bit key takes a while, and nothing else should wait.
/// </summary>
public sealed class KeyStore(TimeProvider clock)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _live = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Entry> _deleted = new(StringComparer.OrdinalIgnoreCase);
    private long _sequence;

    /// <summary>Raised after every change, outside the lock; the state file listens to it.</summary>
    public event Action? Changed;

    private sealed class Entry(string name)
    {
        public string Name { get; } = name;
        public List<KeyVersion> Versions { get; } = [];
        public Deletion? Deletion { get; set; }
        public KeyVersion Latest => Versions[^1];
        public KeyView View(KeyVersion version) => new(Name, version, Deletion);
    }

    private long Now => clock.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>A new version of the key (the key itself when the name is new).</summary>
    internal KeyView Create(string name, KeyInput input)
    {
        var material = KeyMaterial.Generate(input.KeySize);
        KeyView view;
        lock (_lock)
        {
            DropExpiredDeletions();
            if (_deleted.TryGetValue(name, out var deleted))
            {
                throw new KeyVaultErrorException(KeyVaultErrors.KeyDeletedButRecoverable(deleted.Name));
            }
            if (!_live.TryGetValue(name, out var entry))
            {
                entry = new Entry(name);
                _live.Add(name, entry);
            }
            var now = Now;
            var version = new KeyVersion(
                Guid.NewGuid().ToString("N"), input.Kty, input.KeySize, material.PrivateKey, material.N, material.E,
                input.KeyOps, input.Tags, input.Enabled ?? true, input.NotBefore, input.Expires, now, now, ++_sequence);
            entry.Versions.Add(version);
            view = entry.View(version);
        }
        Changed?.Invoke();
        return view;
    }

    /// <summary>The latest version when <paramref name="version"/> is null or empty. A disabled key is still returned.</summary>
    public KeyView Get(string name, string? version)
    {
        lock (_lock)
        {
            var entry = _live.GetValueOrDefault(name) ?? throw NotFound(name, version);
            return entry.View(Find(entry, version) ?? throw NotFound(name, version));
        }
    }

    internal PageOf<KeyView> List(string? after, int max)
    {
        lock (_lock)
        {
            return Paging.Take(_live.Values.Select(e => e.View(e.Latest)), v => Paging.NameKey(v.Name), after, max);
        }
    }

    /// <summary>Every version of a live key, oldest first; empty for an unknown name.</summary>
    internal PageOf<KeyView> ListVersions(string name, string? after, int max)
    {
        lock (_lock)
        {
            var views = _live.TryGetValue(name, out var entry) ? entry.Versions.Select(entry.View).ToList() : [];
            return Paging.Take(views, v => Paging.SequenceKey(v.Version.Sequence), after, max);
        }
    }

    internal KeyView Update(string name, string? version, KeyPatch patch)
    {
        KeyView view;
        lock (_lock)
        {
            var entry = _live.GetValueOrDefault(name) ?? throw NotFound(name, version);
            var current = Find(entry, version) ?? throw NotFound(name, version);
            var updated = current with
            {
                // key_ops cannot be cleared, only replaced: a null keeps them.
                KeyOps = patch.KeyOps.Or(current.KeyOps) ?? current.KeyOps,
                Tags = patch.Tags.Or(current.Tags),
                Enabled = patch.Enabled.Or(current.Enabled) ?? current.Enabled,
                NotBefore = patch.NotBefore.Or(current.NotBefore),
                Expires = patch.Expires.Or(current.Expires),
                Updated = Now,
            };
            entry.Versions[entry.Versions.IndexOf(current)] = updated;
            view = entry.View(updated);
        }
        Changed?.Invoke();
        return view;
    }

    /// <summary>Soft delete: the whole key, every version, moves to the deleted list.</summary>
    internal KeyView Delete(string name, int recoverableDays)
    {
        KeyView view;
        lock (_lock)
        {
            if (!_live.Remove(name, out var entry))
            {
                throw NotFound(name, null);
            }
            var now = Now;
            entry.Deletion = new Deletion(now, now + (recoverableDays * 86_400L));
            _deleted[name] = entry;
            view = entry.View(entry.Latest);
        }
        Changed?.Invoke();
        return view;
    }

    internal PageOf<KeyView> ListDeleted(string? after, int max)
    {
        lock (_lock)
        {
            DropExpiredDeletions();
            return Paging.Take(_deleted.Values.Select(e => e.View(e.Latest)), v => Paging.NameKey(v.Name), after, max);
        }
    }

    internal KeyView GetDeleted(string name)
    {
        lock (_lock)
        {
            DropExpiredDeletions();
            var entry = _deleted.GetValueOrDefault(name) ?? throw new KeyVaultErrorException(KeyVaultErrors.DeletedKeyNotFound(name));
            return entry.View(entry.Latest);
        }
    }

    internal void Purge(string name)
    {
        lock (_lock)
        {
            DropExpiredDeletions();
            if (!_deleted.Remove(name))
            {
                throw new KeyVaultErrorException(KeyVaultErrors.DeletedKeyNotFound(name));
            }
        }
        Changed?.Invoke();
    }

    internal KeyView Recover(string name)
    {
        KeyView view;
        lock (_lock)
        {
            DropExpiredDeletions();
            if (!_deleted.Remove(name, out var entry))
            {
                throw new KeyVaultErrorException(KeyVaultErrors.DeletedKeyNotFound(name));
            }
            entry.Deletion = null;
            _live[name] = entry;
            view = entry.View(entry.Latest);
        }
        Changed?.Invoke();
        return view;
    }

    public void Clear()
    {
        lock (_lock)
        {
            _live.Clear();
            _deleted.Clear();
        }
        Changed?.Invoke();
    }

    /// <summary>Every key, live and deleted, with all versions (and their private parts: for the state file only).</summary>
    public IReadOnlyList<KeyHistory> Export()
    {
        lock (_lock)
        {
            DropExpiredDeletions();
            return _live.Values.Concat(_deleted.Values)
                .OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
                .Select(e => new KeyHistory(e.Name, e.Deletion, e.Versions.ToList()))
                .ToList();
        }
    }

    /// <summary>Replaces the contents with a saved state (the state file at start-up).</summary>
    internal void Import(IEnumerable<KeyHistory> keys)
    {
        lock (_lock)
        {
            _live.Clear();
            _deleted.Clear();
            foreach (var key in keys.Where(k => k.Versions.Count > 0))
            {
                var entry = new Entry(key.Name) { Deletion = key.Deletion };
                entry.Versions.AddRange(key.Versions.OrderBy(v => v.Sequence));
                (key.Deletion is null ? _live : _deleted)[key.Name] = entry;
                _sequence = Math.Max(_sequence, entry.Versions.Max(v => v.Sequence));
            }
        }
    }

    private static KeyVersion? Find(Entry entry, string? version) =>
        string.IsNullOrEmpty(version)
            ? entry.Latest
            : entry.Versions.Find(v => string.Equals(v.Version, version, StringComparison.OrdinalIgnoreCase));

    private void DropExpiredDeletions()
    {
        var now = Now;
        foreach (var name in _deleted.Where(d => d.Value.Deletion!.ScheduledPurgeDate <= now).Select(d => d.Key).ToList())
        {
            _deleted.Remove(name);
        }
    }

    private static KeyVaultErrorException NotFound(string name, string? version) =>
        new(KeyVaultErrors.KeyNotFound(name, string.IsNullOrEmpty(version) ? null : version));
}
