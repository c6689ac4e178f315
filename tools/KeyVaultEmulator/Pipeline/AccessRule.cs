namespace Switchboard.KeyVaultEmulator.Pipeline;

/// <summary>
/// Simulates a role assignment that has not reached the vault yet: every request answers 403
/// for good, until a moment, or for the next N requests.
/// </summary>
public sealed record AccessSettings(
    bool Forbidden = false,
    DateTimeOffset? ForbiddenUntil = null,
    int ForbiddenForRequests = 0,
    string InnerCode = AccessSettings.DefaultInnerCode)
{
    public const string DefaultInnerCode = "ForbiddenByPolicy";
}

public sealed class AccessRule
{
    private readonly Lock _lock = new();
    private AccessSettings _settings = new();

    public AccessSettings Current
    {
        get
        {
            lock (_lock)
            {
                return _settings;
            }
        }
    }

    public void Configure(AccessSettings settings)
    {
        lock (_lock)
        {
            _settings = settings;
        }
    }

    public void Clear() => Configure(new AccessSettings());

    /// <summary>Whether this request is refused; the inner error code to answer with if so.</summary>
    public bool Refuses(DateTimeOffset now, out string innerCode)
    {
        lock (_lock)
        {
            var s = _settings;
            innerCode = s.InnerCode;
            if (s.Forbidden || (s.ForbiddenUntil is { } until && now < until))
            {
                return true;
            }
            if (s.ForbiddenForRequests > 0)
            {
                _settings = s with { ForbiddenForRequests = s.ForbiddenForRequests - 1 };
                return true;
            }
            return false;
        }
    }
}
