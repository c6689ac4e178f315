using Switchboard.Core.Connections;
using Switchboard.Core.Ports;

namespace Switchboard.Core.Expiry;

public enum KeyVaultEventKind
{
    SecretNearExpiry,
    SecretExpired,
    SecretNewVersionCreated,
    Other,
}

/// <summary>One Key Vault event, whichever schema it came in.</summary>
public sealed record KeyVaultEvent(KeyVaultEventKind Kind, string ObjectName, string? Version, DateTimeOffset? Expires);

/// <summary>
/// Key Vault's Event Grid events drive the same handling as the expiry scan, for the secrets Switchboard owns
/// (named "sb-{hub}-{connection id}") and their current version; everything else is acknowledged and ignored.
/// </summary>
public sealed class KeyVaultEvents(IConnectionStore connections, ExpiryService expiry, TimeProvider clock)
{
    /// <summary>Returns whether the event concerned a connection.</summary>
    public async Task<bool> HandleAsync(KeyVaultEvent e, CancellationToken ct)
    {
        if (e.Kind == KeyVaultEventKind.Other || !SecretVault.TryParseSecretName(e.ObjectName, out var hub, out var id))
        {
            return false;
        }
        var found = await connections.FindByIdAsync(hub, id, ct);
        if (found is null || (e.Version is not null && !string.Equals(e.Version, found.Value.Versions.Current, StringComparison.OrdinalIgnoreCase)))
        {
            // An old or pending version (or a deleted connection): its expiry is not the connection's.
            return false;
        }
        var floor = e.Kind switch
        {
            KeyVaultEventKind.SecretNearExpiry => CredentialStatus.ExpiringSoon,
            KeyVaultEventKind.SecretExpired => CredentialStatus.Expired,
            _ => (CredentialStatus?)null,
        };
        try
        {
            await expiry.EvaluateAsync(found, clock.GetUtcNow(), floor, ct);
        }
        catch (Errors.SwitchboardException stale) when (stale.Code == Errors.ErrorCode.PreconditionFailed)
        {
            // The connection changed meanwhile: once more, on what it is now.
            if (await connections.FindByIdAsync(hub, id, ct) is { } fresh)
            {
                await expiry.EvaluateAsync(fresh, clock.GetUtcNow(), floor, ct);
            }
        }
        return true;
    }
}
