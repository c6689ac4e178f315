using Switchboard.Core.Ports;

namespace Switchboard.Core.Connections;

/// <summary>Which vault holds a hub's credentials, and what a connection's secret is called and tagged with.</summary>
public sealed class SecretVault(Uri managedVault, string store)
{
    public Uri ManagedVault { get; } = managedVault;

    /// <summary>
    /// Names this deployment (a digest of its tables' endpoint and prefix). Every secret it writes carries it as
    /// the <c>switchboard-store</c> tag, so the orphan sweep never touches a secret that another deployment
    /// sharing the vault wrote.
    /// </summary>
    public string Store { get; } = store;

    public IReadOnlyDictionary<string, string> TagsOf(string hub, string? project, string alias, string connectionId, string? stage = null)
    {
        var tags = new Dictionary<string, string>
        {
            [Tag.Store] = Store,
            [Tag.Hub] = hub,
            [Tag.Project] = project ?? "",
            [Tag.Alias] = alias,
            [Tag.Connection] = connectionId,
        };
        if (stage is not null)
        {
            tags[Tag.Stage] = stage;
        }
        return tags;
    }

    public static class Tag
    {
        public const string Store = "switchboard-store";
        public const string Hub = "switchboard-hub";
        public const string Project = "switchboard-project";
        public const string Alias = "switchboard-alias";
        public const string Connection = "switchboard-connection";
        public const string Stage = "switchboard-stage";

        /// <summary>On a copy a Key Vault migration made: the source version it was copied from.</summary>
        public const string CopiedFrom = "switchboard-copied-from";
    }

    /// <summary>The hub's own vault once its Key Vault connection is active; the service's vault before.</summary>
    public Uri For(HubGuard guard) => guard is { KeyVault: KeyVaultState.Active, VaultUri: { } own } ? own : ManagedVault;

    /// <summary>What every connection secret's name starts with.</summary>
    public const string Prefix = "sb-";
    private const int IdLength = 32;

    /// <summary>
    /// Key Vault names allow 0-9a-zA-Z and '-' (up to 127): "sb-{hub}-{connection id}" is unique and stable, and
    /// says whose it is, so a Key Vault event about it leads back to its connection.
    /// </summary>
    public static string SecretNameOf(string hub, string connectionId) => $"{Prefix}{hub}-{connectionId}";

    /// <summary>The hub and connection id of a secret Switchboard owns; false for anybody else's secret.</summary>
    public static bool TryParseSecretName(string name, out string hub, out string connectionId)
    {
        hub = connectionId = "";
        if (!name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || name.Length < Prefix.Length + 3 + 1 + IdLength || name[^(IdLength + 1)] != '-')
        {
            return false;
        }
        var id = name[^IdLength..].ToLowerInvariant();
        var owner = name[Prefix.Length..^(IdLength + 1)].ToLowerInvariant();
        if (!id.All(char.IsAsciiHexDigitLower) || !Names.IsValidResourceName(owner))
        {
            return false;
        }
        (hub, connectionId) = (owner, id);
        return true;
    }
}
