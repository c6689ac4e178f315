using Switchboard.Core.KeyVault;
using Switchboard.Core.Ports;

namespace Switchboard.Core.Connections;

/// <summary>
/// Removes connection secrets that no connection refers to. A secret is written before its row, and a row is
/// deleted before its secret, so a process that dies between the two leaves a secret behind; every failure that
/// the process lives through already cleans up at once. Only this deployment's secrets are judged (the store
/// tag), only ones unchanged for a while (a create may be between its two writes right now), and only where a
/// point read proves that their connection is gone or is another one.
/// </summary>
public sealed class OrphanSecretSweep(IConnectionStore connections, IKeyVaultConnectionStore keyVaults, ISecretStore secrets,
    SecretVault vaults, IAuditLog audit, TimeProvider clock)
{
    /// <summary>Far longer than any create or delete takes between its secret and its row.</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromHours(1);

    private static readonly Caller Sweeper = new("system:secret-sweep", "secret-sweep");

    /// <summary>Sweeps the service's vault and every hub's own vault; answers how many secrets it removed.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var removed = await SweepVaultAsync(vaults.ManagedVault, onlyHub: null, ct);
        await foreach (var connected in keyVaults.ListAllAsync(ct))
        {
            if (connected.Value.Status != KeyVaultStatus.Active)
            {
                continue;
            }
            try
            {
                removed += await SweepVaultAsync(connected.Value.VaultUri, connected.Value.Hub, ct);
            }
            catch (SecretStoreException)
            {
                // A hub's vault that refuses us or cannot be reached is the Key Vault check's news; the rest go on.
            }
        }
        return removed;
    }

    private async Task<int> SweepVaultAsync(Uri vault, string? onlyHub, CancellationToken ct)
    {
        var removed = 0;
        var quietSince = clock.GetUtcNow() - QuietPeriod;
        await foreach (var secret in secrets.ListAsync(vault, SecretVault.Prefix, ct))
        {
            if (!SecretVault.TryParseSecretName(secret.Name, out var hub, out var connectionId)
                || (onlyHub is not null && hub != onlyHub)
                || secret.Tags.GetValueOrDefault(SecretVault.Tag.Store) != vaults.Store
                || secret.Tags.GetValueOrDefault(SecretVault.Tag.Alias) is not { Length: > 0 } alias
                || secret.UpdatedOn is not { } updated || updated > quietSince)
            {
                continue;
            }
            var row = await connections.GetAsync(hub, alias, ct);
            if (row is not null && row.Value.Id == connectionId)
            {
                continue;
            }
            await secrets.DeleteAsync(vault, secret.Name, ct);
            await audit.WriteAsync(new AuditEntry(hub, clock.GetUtcNow(), Sweeper.ActorId, AuditActions.OrphanSecretRemoved, null, alias,
                Sweeper.CorrelationId, new Dictionary<string, string> { ["secretName"] = secret.Name, ["vaultUri"] = vault.ToString() }), ct);
            removed++;
        }
        return removed;
    }
}
