using Switchboard.Core.Connections;
using Switchboard.Core.Errors;
using Switchboard.Core.Hubs;
using Switchboard.Core.Ports;

namespace Switchboard.Core.Notifications;

/// <summary>Webhook subscriptions of a hub: CRUD, with the signing secret kept in the service's Key Vault.</summary>
public sealed class SubscriptionService(HubService hubs, ISubscriptionStore store, ISecretStore secrets, SecretVault vaults, IAuditLog audit, TimeProvider clock, bool allowHttp = false, NetworkRules? network = null)
{
    public async Task<(Versioned<Subscription> Subscription, bool Created)> PutAsync(
        string hub, string id, string? url, IReadOnlyList<string>? eventTypes, string? secret, Caller caller, CancellationToken ct)
    {
        await hubs.GetWritableHubAsync(hub, ct);
        if (!Names.IsValidAlias(id))
        {
            throw SwitchboardException.Validation("id", "1-63 letters, digits and hyphens.");
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || (allowHttp && uri.Scheme == Uri.UriSchemeHttp)) || uri.UserInfo.Length > 0)
        {
            throw SwitchboardException.Validation("url", "An absolute https URL without user information.");
        }
        if (!(network ?? new NetworkRules()).AllowsHost(uri))
        {
            throw SwitchboardException.Validation("url", NetworkRules.RefusedDetail);
        }
        if (eventTypes is null || eventTypes.Count == 0 || eventTypes.Any(t => !EventTypes.All.Contains(t)))
        {
            throw SwitchboardException.Validation("eventTypes", "One or more of " + string.Join(", ", EventTypes.All) + ".");
        }
        var existing = await store.GetAsync(hub, id, ct);
        if (secret is null && existing is null)
        {
            throw SwitchboardException.Validation("secret", "A signing secret of 16 to 256 characters is required.");
        }
        if (secret is not null && secret.Length is < 16 or > 256)
        {
            throw SwitchboardException.Validation("secret", "A signing secret of 16 to 256 characters.");
        }

        var name = $"sbsub-{hub}-{id}";
        var version = existing?.Value.SecretVersion ?? "";
        if (secret is not null)
        {
            version = await secrets.SetAsync(vaults.ManagedVault, name, new Dictionary<string, string> { ["secret"] = secret },
                new Dictionary<string, string> { ["switchboard-hub"] = hub, ["switchboard-subscription"] = id }, null, ct);
        }
        var now = clock.GetUtcNow();
        var subscription = new Subscription(hub, id, uri, [.. eventTypes.Distinct()], name, version, existing?.Value.LastDelivery,
            existing?.Value.Stamp.Touch(now, caller.ActorId) ?? Audit.New(now, caller.ActorId));
        var saved = await store.UpsertAsync(subscription, ct);
        await audit.WriteAsync(new AuditEntry(hub, now, caller.ActorId, "subscription.saved", null, null, caller.CorrelationId,
            new Dictionary<string, string> { ["subscription"] = id }), ct);
        return (saved, existing is null);
    }

    public async Task<Versioned<Subscription>> GetAsync(string hub, string id, CancellationToken ct)
    {
        await hubs.GetHubAsync(hub, ct);
        return await store.GetAsync(hub, id, ct) ?? throw SwitchboardException.NotFound($"Subscription '{id}'");
    }

    public async Task<IReadOnlyList<Versioned<Subscription>>> ListAsync(string hub, CancellationToken ct)
    {
        await hubs.GetHubAsync(hub, ct);
        return await store.ListAsync(hub, ct);
    }

    public async Task DeleteAsync(string hub, string id, Caller caller, CancellationToken ct)
    {
        var found = await GetAsync(hub, id, ct);
        await store.DeleteAsync(hub, id, ct);
        await secrets.DeleteAsync(vaults.ManagedVault, found.Value.SecretName, ct);
        await audit.WriteAsync(new AuditEntry(hub, clock.GetUtcNow(), caller.ActorId, "subscription.deleted", null, null, caller.CorrelationId,
            new Dictionary<string, string> { ["subscription"] = id }), ct);
    }
}
