using System.Globalization;

namespace Switchboard.KeyVaultEmulator.Hosting;

/// <summary>
/// <c>--vault name=port</c> (repeatable) <c>--admin-port P</c> <c>--data-dir DIR</c> <c>[--state-file FILE]</c>
/// <c>[--purge-protection true|false]</c> (for every vault named on the command line).
/// Scripts rely on exactly these names.
/// </summary>
public static class CommandLine
{
    public const string Usage =
        "Usage: dotnet KeyVaultEmulator.dll --vault NAME=PORT [--vault NAME=PORT ...] --admin-port PORT --data-dir DIR [--state-file FILE] [--purge-protection true|false]\n" +
        "  PORT 0 picks a free port. Vaults are HTTPS on 127.0.0.1 (https://localhost:PORT/); the admin API is plain HTTP on 127.0.0.1.\n" +
        "  --purge-protection true makes the vaults production-like: soft delete with purge protection (recoveryLevel Recoverable).";

    /// <summary>The options, or null and an error to print with <see cref="Usage"/>.</summary>
    public static EmulatorOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var vaults = new List<VaultDefinition>();
        int? adminPort = null;
        string? dataDir = null;
        string? stateFile = null;
        bool? purgeProtection = null;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value.";
                return null;
            }
            var value = args[++i];
            switch (name)
            {
                case "--vault":
                    var parts = value.Split('=', 2);
                    if (parts.Length != 2 || !Vaults.VaultRegistry.IsValidName(parts[0]) || !TryPort(parts[1], out var port))
                    {
                        error = $"--vault expects NAME=PORT (name of 0-9, a-z, A-Z, '-'; port 0-65535), not '{value}'.";
                        return null;
                    }
                    if (vaults.Any(v => string.Equals(v.Name, parts[0], StringComparison.OrdinalIgnoreCase)))
                    {
                        error = $"Vault '{parts[0]}' is named twice.";
                        return null;
                    }
                    vaults.Add(new VaultDefinition(parts[0], port));
                    break;
                case "--admin-port":
                    if (!TryPort(value, out var admin))
                    {
                        error = $"--admin-port expects a port 0-65535, not '{value}'.";
                        return null;
                    }
                    adminPort = admin;
                    break;
                case "--data-dir":
                    dataDir = value;
                    break;
                case "--state-file":
                    stateFile = value;
                    break;
                case "--purge-protection":
                    if (!bool.TryParse(value, out var protect))
                    {
                        error = $"--purge-protection expects true or false, not '{value}'.";
                        return null;
                    }
                    purgeProtection = protect;
                    break;
                default:
                    error = $"Unknown option '{name}'.";
                    return null;
            }
        }
        error = vaults.Count == 0 ? "At least one --vault NAME=PORT is required."
            : adminPort is null ? "--admin-port is required."
            : dataDir is null ? "--data-dir is required."
            : null;
        return error is null
            ? new EmulatorOptions
            {
                Vaults = purgeProtection is { } p ? vaults.Select(v => v with { InitialSettings = new Vaults.VaultSettings(p) }).ToList() : vaults,
                AdminPort = adminPort!.Value,
                DataDirectory = Path.GetFullPath(dataDir!),
                StateFile = stateFile is null ? null : Path.GetFullPath(stateFile),
                LogToConsole = true,
            }
            : null;
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535;
}
