using Switchboard.KeyVaultEmulator.Errors;

namespace Switchboard.KeyVaultEmulator.Secrets;

/// <summary>
/// The secrets of one vault, live and soft-deleted. One lock guards everything: operations are
/// short, and a single lock makes "set refuses a deleted name" and "recover moves it back"
/// atomic without further thought.
/// </summary>
public sealed class SecretStore(TimeProvider clock)
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
        public List<SecretVersion> Versions { get; } = [];
        public Deletion? Deletion { get; set; }
        public SecretVersion Latest => Versions[^1];
        public SecretView View(SecretVersion version) => new(Name, version, Deletion);
    }

    private long Now => clock.GetUtcNow().ToUnixTimeSeconds();

    internal SecretView Set(string name, SecretInput input)
    {
        SecretView view;
        lock (_lock)
        {
            DropExpiredDeletions();
            if (_deleted.ContainsKey(name))
            {
                throw new KeyVaultErrorException(KeyVaultErrors.DeletedButRecoverable(_deleted[name].Name));
            }
            if (!_live.TryGetValue(name, out var entry))
            {
                entry = new Entry(name);
                _live.Add(name, entry);
            }
            var now = Now;
            var version = new SecretVersion(
                Guid.NewGuid().ToString("N"), input.Value, input.ContentType, input.Tags,
                input.Enabled ?? true, input.NotBefore, input.Expires, now, now, ++_sequence);
            entry.Versions.Add(version);
            view = entry.View(version);
        }
        Changed?.Invoke();
        return view;
    }

    /// <summary>The latest version when <paramref name="version"/> is null or empty.</summary>
    public SecretView Get(string name, string? version)
    {
        lock (_lock)
        {
            var entry = _live.GetValueOrDefault(name) ?? throw NotFound(name, version);
            return entry.View(Find(entry, version) ?? throw NotFound(name, version));
        }
    }

    /// <summary>The latest version of each live secret, by name.</summary>
    internal PageOf<SecretView> List(string? after, int max)
    {
        lock (_lock)
        {
            return Paging.Take(_live.Values.Select(e => e.View(e.Latest)), v => Paging.NameKey(v.Name), after, max);
        }
    }

    /// <summary>Every version of a live secret, oldest first; empty for an unknown name, as the service does.</summary>
    internal PageOf<SecretView> ListVersions(string name, string? after, int max)
    {
        lock (_lock)
        {
            var views = _live.TryGetValue(name, out var entry)
                ? entry.Versions.Select(entry.View).ToList()
                : [];
            return Paging.Take(views, v => Paging.SequenceKey(v.Version.Sequence), after, max);
        }
    }

    internal SecretView Update(string name, string? version, SecretPatch patch)
    {
        SecretView view;
        lock (_lock)
        {
            var entry = _live.GetValueOrDefault(name) ?? throw NotFound(name, version);
            var current = Find(entry, version) ?? throw NotFound(name, version);
            var updated = current with
            {
                ContentType = patch.ContentType.Or(current.ContentType),
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

    /// <summary>Soft delete: the whole secret, every version, moves to the deleted list.</summary>
    internal SecretView Delete(string name, int recoverableDays)
    {
        SecretView view;
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

    internal PageOf<SecretView> ListDeleted(string? after, int max)
    {
        lock (_lock)
        {
            DropExpiredDeletions();
            return Paging.Take(_deleted.Values.Select(e => e.View(e.Latest)), v => Paging.NameKey(v.Name), after, max);
        }
    }

    internal SecretView GetDeleted(string name)
    {
        lock (_lock)
        {
            DropExpiredDeletions();
            var entry = _deleted.GetValueOrDefault(name) ?? throw new KeyVaultErrorException(KeyVaultErrors.DeletedSecretNotFound(name));
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
                throw new KeyVaultErrorException(KeyVaultErrors.DeletedSecretNotFound(name));
            }
        }
        Changed?.Invoke();
    }

    internal SecretView Recover(string name)
    {
        SecretView view;
        lock (_lock)
        {
            DropExpiredDeletions();
            if (!_deleted.Remove(name, out var entry))
            {
                throw new KeyVaultErrorException(KeyVaultErrors.DeletedSecretNotFound(name));
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

    /// <summary>Every secret, live and deleted, with all versions and values.</summary>
    public IReadOnlyList<SecretHistory> Export()
    {
        lock (_lock)
        {
            DropExpiredDeletions();
            return _live.Values.Concat(_deleted.Values)
                .OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
                .Select(e => new SecretHistory(e.Name, e.Deletion, e.Versions.ToList()))
                .ToList();
        }
    }

    /// <summary>Replaces the contents with a saved state (the state file at start-up).</summary>
    internal void Import(IEnumerable<SecretHistory> secrets)
    {
        lock (_lock)
        {
            _live.Clear();
            _deleted.Clear();
            foreach (var secret in secrets.Where(s => s.Versions.Count > 0))
            {
                var entry = new Entry(secret.Name) { Deletion = secret.Deletion };
                entry.Versions.AddRange(secret.Versions.OrderBy(v => v.Sequence));
                (secret.Deletion is null ? _live : _deleted)[secret.Name] = entry;
                _sequence = Math.Max(_sequence, entry.Versions.Max(v => v.Sequence));
            }
        }
    }

    private static SecretVersion? Find(Entry entry, string? version) =>
        string.IsNullOrEmpty(version)
            ? entry.Latest
            : entry.Versions.Find(v => string.Equals(v.Version, version, StringComparison.OrdinalIgnoreCase));

    // The service purges a soft-deleted secret once its scheduled purge date has passed.
    private void DropExpiredDeletions()
    {
        var now = Now;
        foreach (var name in _deleted.Where(d => d.Value.Deletion!.ScheduledPurgeDate <= now).Select(d => d.Key).ToList())
        {
            _deleted.Remove(name);
        }
    }

    private static KeyVaultErrorException NotFound(string name, string? version) =>
        new(KeyVaultErrors.SecretNotFound(name, string.IsNullOrEmpty(version) ? null : version));
}
