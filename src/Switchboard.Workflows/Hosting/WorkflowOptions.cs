namespace Switchboard.Workflows;

/// <summary>Tuning for the engine, the dispatcher and the sweeper. Defaults suit production; tests shorten them.</summary>
public sealed class WorkflowOptions
{
    /// <summary>The queue caps a message's visibility delay at 7 days; stay under it so clock skew never trips it.</summary>
    public static readonly TimeSpan QueueDelayLimit = TimeSpan.FromDays(7);

    /// <summary>Put before the table names (letters and digits) and, lowercased, before the queue name.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>How long a worker holds a step. A step is cancelled when its lease runs out; keep steps well under it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a received message stays invisible in the dispatcher; longer than the lease, so it only
    /// comes back to another worker once the lease it guarded has run out.</summary>
    public TimeSpan MessageVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(6);

    /// <summary>Steps one wake-up may run back to back when each leaves the next one due at once (the commit of
    /// one claims the next, with no queue message in between). 1 runs one step per wake-up.</summary>
    public int MaxStepsPerWakeUp { get; set; } = 16;

    /// <summary>
    /// How long after a wake-up arrives its worker may still claim a next step in a chain: half the margin between
    /// the message's invisibility and a lease, so the last lease taken ends before the message can come back to
    /// someone else (who would only find the step leased and put the message off).
    /// </summary>
    internal TimeSpan ChainWindow => (MessageVisibilityTimeout - LeaseDuration) / 2;

    /// <summary>The longest single queue delay; longer timers chain. Below 7 days; tests set seconds.</summary>
    public TimeSpan MaxQueueDelay { get; set; } = QueueDelayLimit - TimeSpan.FromHours(1);

    /// <summary>Attempts for steps whose definition gives no retry policy.</summary>
    public int DefaultMaxAttempts { get; set; } = 5;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The dispatcher's first pause after an empty receive; it doubles up to <see cref="IdleDelayMax"/>.</summary>
    public TimeSpan IdleDelayMin { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan IdleDelayMax { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Steps one dispatcher runs at once.</summary>
    public int MaxConcurrentSteps { get; set; } = 16;

    /// <summary>A message received more often than this is a poison message: logged and deleted (the sweeper repairs).</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How long past its wake time a live instance may go unclaimed before the sweeper re-enqueues it.</summary>
    public TimeSpan SweepGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long finished instances (and their history) are kept before the sweeper purges them.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    internal IEnumerable<string> Errors()
    {
        if (Prefix.Any(c => !char.IsAsciiLetterOrDigit(c)) || (Prefix.Length > 0 && !char.IsAsciiLetter(Prefix[0])) || Prefix.Length > 40)
        {
            yield return "Prefix must start with a letter and hold at most 40 letters and digits.";
        }
        if (LeaseDuration <= TimeSpan.Zero)
        {
            yield return "LeaseDuration must be positive.";
        }
        if (MessageVisibilityTimeout <= LeaseDuration || MessageVisibilityTimeout >= QueueDelayLimit)
        {
            yield return "MessageVisibilityTimeout must be longer than LeaseDuration and shorter than 7 days.";
        }
        if (MaxQueueDelay <= TimeSpan.Zero || MaxQueueDelay >= QueueDelayLimit)
        {
            yield return "MaxQueueDelay must be positive and shorter than 7 days.";
        }
        if (DefaultMaxAttempts < 1 || MaxConcurrentSteps < 1 || MaxDequeueCount < 1 || MaxStepsPerWakeUp < 1)
        {
            yield return "DefaultMaxAttempts, MaxConcurrentSteps, MaxDequeueCount and MaxStepsPerWakeUp must be at least 1.";
        }
        if (RetryBaseDelay < TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
        {
            yield return "RetryBaseDelay must not be negative, nor RetryMaxDelay shorter than it.";
        }
        if (IdleDelayMin <= TimeSpan.Zero || IdleDelayMax < IdleDelayMin)
        {
            yield return "IdleDelayMin must be positive, and IdleDelayMax not shorter than it.";
        }
        if (SweepGrace < TimeSpan.Zero || Retention < TimeSpan.Zero)
        {
            yield return "SweepGrace and Retention must not be negative.";
        }
    }
}
