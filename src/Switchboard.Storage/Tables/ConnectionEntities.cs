using Azure.Data.Tables;
using Switchboard.Core.Connections;
using Switchboard.Core.Hubs;
using Switchboard.Core.Ports;
using Switchboard.Core.Providers;

namespace Switchboard.Storage.Tables;

/// <summary>
/// Connection rows. Only names of credential fields, configuration references as written, and the Key Vault
/// secret's name and version ids are stored: a credential value has no column to go into.
/// </summary>
internal static class ConnectionEntities
{
    public static TableEntity FromConnection(Connection c) => new(c.Hub, ConnectionTableStore.RowKeyOf(c.Alias))
    {
        ["Id"] = c.Id,
        ["Project"] = c.Project ?? "",
        ["Alias"] = c.Alias,
        ["Name"] = c.Name,
        ["Provider"] = c.Provider,
        ["Target"] = c.Target.ToString(),
        ["AuthType"] = c.AuthType.ToString(),
        ["CredentialFields"] = Json.Write(c.CredentialFields),
        ["CredentialReferences"] = Json.Write(c.CredentialReferences),
        ["SecretName"] = c.SecretName,
        ["CurrentVersion"] = c.Versions.Current,
        ["PreviousVersion"] = c.Versions.Previous,
        ["PendingVersion"] = c.Versions.Pending,
        ["Settings"] = Json.Write(c.Settings),
        ["IsActive"] = c.IsActive,
        ["ExpiresAt"] = c.ExpiresAt,
        ["Rotation"] = Json.Write(RotationRecord.From(c.Rotation)),
        ["SharedWith"] = c.SharedWith.IsAll ? null : Json.Write(c.SharedWith.Projects),
        ["Metadata"] = Json.Write(c.Metadata),
        ["Stamp"] = Json.Write(c.Stamp),
        ["NotifiedStatus"] = c.NotifiedStatus.ToString(),
        ["ExpiryDue"] = c.ExpiryDue,
        ["Vault"] = c.Vault?.ToString(),
        ["MovedFromVault"] = c.MovedFrom?.Vault.ToString(),
        ["MovedFromCurrent"] = c.MovedFrom?.Versions.Current,
        ["MovedFromPrevious"] = c.MovedFrom?.Versions.Previous,
    };

    public static Versioned<Connection> ToConnection(TableEntity e) => new(new Connection(
        e.GetString("Id"),
        e.PartitionKey,
        e.GetString("Project") is { Length: > 0 } project ? project : null,
        e.GetString("Alias"),
        e.GetString("Name"),
        e.GetString("Provider"),
        new Uri(e.GetString("Target")),
        Enum.Parse<AuthType>(e.GetString("AuthType")),
        Json.Read<List<string>>(e.GetString("CredentialFields"), []),
        Json.Read<Dictionary<string, string>>(e.GetString("CredentialReferences"), []),
        e.GetString("SecretName"),
        new SecretVersions(e.GetString("CurrentVersion"), e.GetString("PreviousVersion"), e.GetString("PendingVersion")),
        Json.Read<Dictionary<string, string>>(e.GetString("Settings"), []),
        e.GetBoolean("IsActive") ?? true,
        e.GetDateTimeOffset("ExpiresAt"),
        Json.Read<RotationRecord?>(e.GetString("Rotation"), null)?.ToPolicy() ?? RotationPolicy.Default,
        e.GetString("SharedWith") is { } shared ? new SharedWith(Json.Read<List<string>>(shared, [])) : SharedWith.All,
        Json.Read<Dictionary<string, string>>(e.GetString("Metadata"), []),
        Json.Read<Audit>(e.GetString("Stamp"), null!))
    {
        NotifiedStatus = Enum.TryParse<CredentialStatus>(e.GetString("NotifiedStatus"), out var notified) ? notified : CredentialStatus.Valid,
        ExpiryDue = e.GetDateTimeOffset("ExpiryDue"),
        Vault = e.GetString("Vault") is { } vault ? new Uri(vault) : null,
        MovedFrom = e.GetString("MovedFromVault") is { } movedFrom
            ? new SecretLocation(new Uri(movedFrom), new SecretVersions(e.GetString("MovedFromCurrent"), e.GetString("MovedFromPrevious")))
            : null,
    }, e.ETag.ToString());

    public static TableEntity FromGuard(string hub, HubGuard guard) => new(hub, "guard")
    {
        ["ConnectionCount"] = guard.ConnectionCount,
        ["KeyVault"] = guard.KeyVault.ToString(),
        ["VaultUri"] = guard.VaultUri?.ToString(),
        ["Deleting"] = guard.Deleting,
        ["MigratingTo"] = guard.MigratingTo?.ToString(),
    };

    public static Versioned<HubGuard> ToGuard(TableEntity e) => new(new HubGuard(
        e.GetInt32("ConnectionCount") ?? 0,
        Enum.Parse<KeyVaultState>(e.GetString("KeyVault") ?? nameof(KeyVaultState.None)),
        e.GetString("VaultUri") is { } uri ? new Uri(uri) : null,
        e.GetBoolean("Deleting") ?? false,
        e.GetString("MigratingTo") is { } migratingTo ? new Uri(migratingTo) : null), e.ETag.ToString());

    /// <summary>Durations as ISO 8601 text, so the stored JSON reads the way the API writes it.</summary>
    /// <remarks>Rows written before <c>rotation.test</c> existed have no <see cref="Test"/>: they test as required.</remarks>
    private sealed record RotationRecord(string NotifyBefore, bool AutoRotate, string GracePeriod, string? ValidityPeriod, string? Test = null)
    {
        public static RotationRecord From(RotationPolicy p) => new(
            System.Xml.XmlConvert.ToString(p.NotifyBefore), p.AutoRotate, System.Xml.XmlConvert.ToString(p.GracePeriod),
            p.ValidityPeriod is { } v ? System.Xml.XmlConvert.ToString(v) : null, p.Test.ToString());

        public RotationPolicy ToPolicy() => new(
            System.Xml.XmlConvert.ToTimeSpan(NotifyBefore), AutoRotate, System.Xml.XmlConvert.ToTimeSpan(GracePeriod),
            ValidityPeriod is null ? null : System.Xml.XmlConvert.ToTimeSpan(ValidityPeriod),
            Enum.TryParse<RotationTestMode>(Test, out var test) ? test : RotationTestMode.Required);
    }
}
