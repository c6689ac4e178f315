using Microsoft.DurableTask.Client;

namespace Switchboard.Functions.Operations;

/// <summary>
/// The Durable client of the function invocation under way. Under the Functions host the client comes from the
/// <c>[DurableClient]</c> binding, not from the container, so each function that may start or read an operation
/// hands its client to the code it calls through this scope.
/// </summary>
public static class DurableClientScope
{
    private static readonly AsyncLocal<DurableTaskClient?> Client = new();

    public static DurableTaskClient Current =>
        Client.Value ?? throw new InvalidOperationException("No Durable client in scope: the function must take a [DurableClient] binding and call DurableClientScope.Use.");

    /// <summary>Makes <paramref name="client"/> current for this invocation's async flow, until disposed.</summary>
    public static IDisposable Use(DurableTaskClient client)
    {
        var previous = Client.Value;
        Client.Value = client;
        return new Restore(previous);
    }

    private sealed class Restore(DurableTaskClient? previous) : IDisposable
    {
        public void Dispose() => Client.Value = previous;
    }
}
