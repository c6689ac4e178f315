namespace Switchboard.Workflows.Storage;

/// <summary>
/// A table or queue created by its first user, not at construction (so a host starts while storage is down),
/// and created again by the next user after a failure instead of remembering it.
/// </summary>
internal sealed class CreatedOnFirstUse<T>(Func<Task<T>> create)
{
    private Lazy<Task<T>> current = new(create);

    public async Task<T> GetAsync(CancellationToken cancellationToken)
    {
        var lazy = Volatile.Read(ref current);
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch when (lazy.Value.IsFaulted)
        {
            Interlocked.CompareExchange(ref current, new Lazy<Task<T>>(create), lazy);
            throw;
        }
    }
}
