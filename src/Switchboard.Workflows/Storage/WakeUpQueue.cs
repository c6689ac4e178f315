using Azure.Storage.Queues.Models;

namespace Switchboard.Workflows.Storage;

/// <summary>
/// The wake-up queue. A message is <c>{instanceId}|{token}</c>, nothing else: the instance row holds the state,
/// and the token says which message may act on it.
/// </summary>
internal sealed class WakeUpQueue(WorkflowStorage storage)
{
    // Messages never expire by age: a timer may wait up to the 7-day visibility limit, which a TTL must exceed.
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    public async Task SendAsync(WakeUp wakeUp, TimeSpan delay, CancellationToken ct)
    {
        var queue = await storage.QueueAsync(ct);
        await queue.SendMessageAsync(wakeUp.ToString(), delay > TimeSpan.Zero ? WholeSeconds(delay) : null, NeverExpires, ct);
    }

    public async Task<QueueMessage[]> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken ct)
    {
        var queue = await storage.QueueAsync(ct);
        return (await queue.ReceiveMessagesAsync(maxMessages, visibilityTimeout, ct)).Value;
    }

    public async Task DeleteAsync(QueueMessage message, CancellationToken ct)
    {
        var queue = await storage.QueueAsync(ct);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
    }

    /// <summary>Hides a received message again for <paramref name="delay"/>, to be received once more after it.</summary>
    public async Task HideAsync(QueueMessage message, TimeSpan delay, CancellationToken ct)
    {
        var queue = await storage.QueueAsync(ct);
        await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: WholeSeconds(delay), cancellationToken: ct);
    }

    // The service counts visibility in whole seconds and the SDK truncates; rounding up means a wake-up never
    // arrives before its time (which would only be passed on again, and again, until the time came).
    internal static TimeSpan WholeSeconds(TimeSpan delay) => TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds));
}

/// <summary>A wake-up message's content.</summary>
internal readonly record struct WakeUp(string InstanceId, string Token)
{
    public override string ToString() => $"{InstanceId}|{Token}";

    public static string NewToken() => Guid.NewGuid().ToString("N");

    public static bool TryParse(string? text, out WakeUp wakeUp)
    {
        // Tolerate a host that hands the item over as a JSON string, quotes included.
        text = text?.Trim().Trim('"');
        var bar = text?.LastIndexOf('|') ?? -1;
        wakeUp = bar > 0 && bar < text!.Length - 1 ? new WakeUp(text[..bar], text[(bar + 1)..]) : default;
        return bar > 0 && bar < text!.Length - 1;
    }
}
