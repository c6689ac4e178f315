namespace Switchboard.KeyVaultEmulator.Tests.Infrastructure;

/// <summary>A fact that needs POSIX signals; reported as skipped on Windows rather than passing silently.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Needs POSIX signals (SIGTERM).";
        }
    }
}
