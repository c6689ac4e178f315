namespace Switchboard.Testing;

/// <summary>An Azurite of a test's own, for tests that stop and restart storage.</summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private ChildProcess? process;

    public int BlobPort { get; } = FreePort.Next();
    public int QueuePort { get; } = FreePort.Next();
    public int TablePort { get; } = FreePort.Next();
    private readonly string location = Directory.CreateTempSubdirectory("azurite-").FullName;

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    /// <summary>Starts (or restarts, on the same ports and data) and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        process = ChildProcess.Start(TestEnvironment.AzuriteExecutable,
        [
            "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--location", location,
            "--blobPort", BlobPort.ToString(), "--queuePort", QueuePort.ToString(), "--tablePort", TablePort.ToString(),
        ]);
        await Eventually.TrueAsync(() => Task.FromResult(Accepts(TablePort) && Accepts(QueuePort)), TimeSpan.FromSeconds(60), "Azurite to listen");
    }

    /// <summary>Stops it the way an outage ends a service, keeping its data (a kill would lose its last writes).</summary>
    public async Task StopAsync()
    {
        if (process is not null)
        {
            await process.TerminateAsync(TimeSpan.FromSeconds(10));
            await process.DisposeAsync();
            process = null;
        }
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            client.Connect(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(location, recursive: true); } catch (IOException) { }
    }
}
