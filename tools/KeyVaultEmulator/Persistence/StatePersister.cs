using System.Text.Json;
using System.Threading.Channels;

namespace Switchboard.KeyVaultEmulator.Persistence;

/// <summary>
/// Keeps the state file up to date without writing on every request: a change marks the state
/// dirty, a background loop saves at most every <see cref="Coalesce"/>, and disposal saves once
/// more so a clean shutdown loses nothing.
/// </summary>
internal sealed class StatePersister : IAsyncDisposable
{
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(250);

    private readonly string _path;
    private readonly Func<StateDocument> _snapshot;
    private readonly Channel<bool> _dirty = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _writeLock = new();
    private readonly Task _loop;

    public StatePersister(string path, Func<StateDocument> snapshot)
    {
        _path = Path.GetFullPath(path);
        _snapshot = snapshot;
        _loop = Task.Run(LoopAsync);
    }

    public static StateDocument? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        var state = JsonSerializer.Deserialize<StateDocument>(File.ReadAllBytes(path), EmulatorJson.Options)
            ?? throw new InvalidDataException($"The state file {path} is empty.");
        if (state.Format != StateDocument.CurrentFormat)
        {
            throw new InvalidDataException($"The state file {path} has format {state.Format}; this emulator reads format {StateDocument.CurrentFormat}.");
        }
        return state with { Vaults = new Dictionary<string, VaultState>(state.Vaults, StringComparer.OrdinalIgnoreCase) };
    }

    public void MarkDirty() => _dirty.Writer.TryWrite(true);

    public void SaveNow()
    {
        // The loop and the final save may meet; one writer at a time keeps the rename orderly.
        lock (_writeLock)
        {
            AtomicFile.Write(_path, JsonSerializer.SerializeToUtf8Bytes(_snapshot(), EmulatorJson.Indented), ownerOnly: true);
        }
    }

    private async Task LoopAsync()
    {
        try
        {
            while (await _dirty.Reader.WaitToReadAsync(_stop.Token))
            {
                _dirty.Reader.TryRead(out _);
                await Task.Delay(Coalesce, _stop.Token);
                try
                {
                    SaveNow();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A full disk must not stop the vaults; the next change or shutdown tries again.
                    await Console.Error.WriteLineAsync($"Could not save the state file {_path}: {e.Message}");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        SaveNow();
        _stop.Dispose();
    }
}
