using System.Runtime.InteropServices;
using Switchboard.KeyVaultEmulator.Hosting;

// Parses the command line, starts the emulator and waits for SIGTERM or Ctrl-C; all the work is
// in KeyVaultEmulatorHost, which tests start in-process the same way.
var options = CommandLine.Parse(args, out var error);
if (options is null)
{
    await Console.Error.WriteLineAsync(error);
    await Console.Error.WriteLineAsync(CommandLine.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
// Cancel = true: the process stays up until the emulator has stopped and saved its state.
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });

KeyVaultEmulatorHost host;
try
{
    host = await KeyVaultEmulatorHost.StartAsync(options, stop.Token);
}
catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or OperationCanceledException)
{
    await Console.Error.WriteLineAsync($"The emulator could not start: {e.Message}");
    return 1;
}

await using (host)
{
    foreach (var (name, uri) in host.VaultUris)
    {
        Console.WriteLine($"Vault {name} listening on {uri}");
    }
    Console.WriteLine($"Admin listening on {host.AdminUri}");
    Console.WriteLine($"Certificate: {host.CertificatePemPath}");
    Console.WriteLine($"Endpoints: {host.EndpointsFilePath}");
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
        Console.WriteLine("Stopping.");
    }
}
return 0;
