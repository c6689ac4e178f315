using Switchboard.KeyVaultEmulator.Vaults;

namespace Switchboard.KeyVaultEmulator.Hosting;

/// <summary>A vault to start: its name, its port (0 = any free port) and its settings (null: the saved ones, else the defaults).</summary>
public sealed record VaultDefinition(string Name, int Port = 0, VaultSettings? InitialSettings = null)
{
    public VaultSettings Settings => InitialSettings ?? new VaultSettings();
}

/// <summary>How to run the emulator; the command line fills it, and tests build it directly.</summary>
public sealed record EmulatorOptions
{
    public required IReadOnlyList<VaultDefinition> Vaults { get; init; }

    /// <summary>The plain-HTTP admin port on 127.0.0.1; 0 = any free port.</summary>
    public int AdminPort { get; init; }

    /// <summary>Where the certificate (PEM and PFX) and endpoints.json live.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Where to keep state across restarts; null keeps it in memory only.</summary>
    public string? StateFile { get; init; }

    /// <summary>Lets tests move time (forbiddenUntil, purge dates) without waiting.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Warnings and errors of the listeners to the console; off in tests to keep their output readable.</summary>
    public bool LogToConsole { get; init; }
}
