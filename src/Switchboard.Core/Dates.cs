namespace Switchboard.Core;

/// <summary>
/// Date arithmetic that cannot throw: a date plus or minus a duration that would leave
/// <see cref="DateTimeOffset"/>'s range stops at its edge. Dates and durations a client sends are range-checked
/// where they are parsed; this keeps the domain total for whatever is already stored.
/// </summary>
public static class Dates
{
    public static DateTimeOffset Plus(DateTimeOffset date, TimeSpan duration) =>
        duration >= TimeSpan.Zero
            ? (DateTimeOffset.MaxValue - date < duration ? DateTimeOffset.MaxValue : date + duration)
            : Minus(date, duration.Duration());

    public static DateTimeOffset Minus(DateTimeOffset date, TimeSpan duration) =>
        duration >= TimeSpan.Zero
            ? (date - DateTimeOffset.MinValue < duration ? DateTimeOffset.MinValue : date - duration)
            : Plus(date, duration.Duration());
}
