namespace Switchboard.KeyVaultEmulator.Pipeline;

/// <summary>
/// What a vault does to requests on purpose. Rates are shares (0..1) drawn at random; the
/// "next N" counts are deterministic, for tests that must know exactly which request fails.
/// </summary>
public sealed record FaultSettings(
    double ThrottleRate = 0,
    int RetryAfterSeconds = 1,
    double ErrorRate = 0,
    int DelayMs = 0,
    int ThrottleNext = 0,
    int ErrorNext = 0)
{
    public string? Validate() =>
        ThrottleRate is < 0 or > 1 ? "throttleRate must be between 0 and 1."
        : ErrorRate is < 0 or > 1 ? "errorRate must be between 0 and 1."
        : RetryAfterSeconds < 0 ? "retryAfterSeconds must not be negative."
        : DelayMs is < 0 or > 600_000 ? "delayMs must be between 0 and 600000."
        : ThrottleNext < 0 || ErrorNext < 0 ? "throttleNext and errorNext must not be negative."
        : null;
}

public enum FaultKind
{
    None,
    Throttle,
    Error,
}

/// <summary>The fate of one request: an optional delay, then perhaps a 429 or a 500.</summary>
public readonly record struct FaultDecision(int DelayMs, FaultKind Kind, int RetryAfterSeconds);

public sealed class FaultInjector
{
    private readonly Lock _lock = new();
    private FaultSettings _settings = new();

    /// <summary>The settings, with ThrottleNext and ErrorNext counting down as requests use them up.</summary>
    public FaultSettings Current
    {
        get
        {
            lock (_lock)
            {
                return _settings;
            }
        }
    }

    public void Configure(FaultSettings settings)
    {
        lock (_lock)
        {
            _settings = settings;
        }
    }

    public void Clear() => Configure(new FaultSettings());

    public FaultDecision Next()
    {
        lock (_lock)
        {
            var s = _settings;
            var kind = FaultKind.None;
            if (s.ThrottleNext > 0)
            {
                _settings = s with { ThrottleNext = s.ThrottleNext - 1 };
                kind = FaultKind.Throttle;
            }
            else if (s.ErrorNext > 0)
            {
                _settings = s with { ErrorNext = s.ErrorNext - 1 };
                kind = FaultKind.Error;
            }
            else if (s.ThrottleRate > 0 && Random.Shared.NextDouble() < s.ThrottleRate)
            {
                kind = FaultKind.Throttle;
            }
            else if (s.ErrorRate > 0 && Random.Shared.NextDouble() < s.ErrorRate)
            {
                kind = FaultKind.Error;
            }
            return new FaultDecision(s.DelayMs, kind, s.RetryAfterSeconds);
        }
    }
}
