using Switchboard.Core.Errors;
using Switchboard.Core.Hubs;
using Switchboard.Core.Ports;
using Switchboard.Core.Providers;

namespace Switchboard.Core.Connections;

/// <summary>
/// The connection registry's use cases. Credentials are written to Key Vault before the row that points to
/// them becomes visible; a write that fails after that removes the secret again at once.
/// </summary>
public sealed class ConnectionService(
    HubService hubs,
    IConnectionStore connections,
    ISecretStore secrets,
    IDependentStore dependents,
    IAuditLog audit,
    ConnectionValidator validator,
    SecretVault vaults,
    Expiry.ExpiryTracking expiry,
    INotifier notifier,
    TimeProvider clock)
{
    // Concurrent creates and deletes in one hub serialise on its guard; retries with jittered back-off absorb that.
    private const int GuardAttempts = 30;

    /// <summary>
    /// Three round trips: the reads a create needs (the hub's guard, the alias, a project's row) at once; then the
    /// secret and the expiry index entry at once; then the row (with the guard) and the audit entry at once. The
    /// secret goes to the vault the guard names, so it cannot start before the guard is read.
    /// </summary>
    public async Task<Versioned<Connection>> CreateAsync(ConnectionScope scope, ConnectionInput input, Caller caller, CancellationToken ct)
    {
        var valid = validator.Validate(input, scope.IsHub);
        if (valid.Provider.CreatedThroughKeyVaultSetupOnly)
        {
            throw SwitchboardException.Validation("provider", $"{valid.Provider.Id} connections are made with PUT /api/hubs/{{hub}}/keyvault.");
        }
        var projectCheck = scope.IsHub ? Task.CompletedTask : CheckScopeExistsAsync(scope, writable: true, ct);
        var guardRead = connections.GetGuardAsync(scope.Hub, ct);
        var aliasRead = connections.GetAsync(scope.Hub, valid.Alias, ct);
        await Task.WhenAll(projectCheck, guardRead, aliasRead).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await projectCheck;
        var guard = await guardRead;
        // A stored guard stands for its hub: teardown closes the guard before it deletes anything and removes the
        // hub's row only after the guard. Only a hub's first connection needs the hub's row read.
        if (scope.IsHub && !IsStored(guard))
        {
            await CheckScopeExistsAsync(scope, writable: true, ct);
        }
        Writable(scope.Hub, guard);
        if (valid.Literals!.Count > 0 && guard.Value.MigratingTo is not null)
        {
            throw KeyVault.KeyVaultMigrationService.InProgress(scope.Hub);
        }
        if (await aliasRead is not null)
        {
            throw AliasTaken(valid.Alias, scope.Hub);
        }

        var now = clock.GetUtcNow();
        var id = Guid.NewGuid().ToString("N");
        var vault = vaults.For(guard.Value);
        var expiresAt = valid.Rotation.ExpiryOfVersionWrittenAt(now, valid.ExpiresAt);
        var secretName = valid.Literals!.Count > 0 ? SecretVault.SecretNameOf(scope.Hub, id) : null;
        var connection = Expiry.ExpiryTracking.Track(null, new Connection(id, scope.Hub, scope.Project, valid.Alias, valid.Name, valid.Provider.Id, valid.Target,
            valid.AuthType, valid.CredentialFields!, valid.References!, secretName, new SecretVersions(null),
            valid.Settings, valid.IsActive, expiresAt, valid.Rotation, valid.SharedWith, valid.Metadata, Audit.New(now, caller.ActorId)) { Vault = vault }, now);
        try
        {
            // The index entry comes before the row, so a crash leaves at most an entry the scan drops as stale.
            var indexWrite = expiry.BeforeWriteAsync(connection, ct);
            var secretWrite = WriteSecretAsync();
            await Task.WhenAll(indexWrite, secretWrite).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await secretWrite;
            await indexWrite;
            connection = connection with { Versions = new SecretVersions(await secretWrite) };
        }
        catch
        {
            await DeleteSecretQuietlyAsync(vault, secretName);
            throw;
        }
        async Task<string?> WriteSecretAsync() => secretName is null ? null
            : await secrets.SetAsync(vault, secretName, valid.Literals, vaults.TagsOf(scope.Hub, scope.Project, valid.Alias, id), expiresAt, ct);

        var entry = AuditEntryOf(connection, AuditActions.ConnectionCreated, caller, now);
        return await AuditAlongside.RunAsync(audit, entry, async () =>
        {
            try
            {
                return await InsertWithGuardAsync(connection, guard, vault, ct);
            }
            catch
            {
                await DeleteSecretQuietlyAsync(vault, secretName);
                throw;
            }
        }, _ => entry, ct);
    }

    public async Task<Versioned<Connection>> GetAsync(ConnectionScope scope, string alias, CancellationToken ct)
    {
        var found = await connections.GetAsync(scope.Hub, alias, ct);
        // A scope's own connection proves its scope exists (teardowns remove connections first): one read. A
        // shared hub connection seen from a project, or nothing, needs the scope checked for the right answer.
        if (found is not null && found.Value.Project == scope.Project)
        {
            return found;
        }
        await CheckScopeExistsAsync(scope, writable: false, ct);
        return found is not null && found.Value.IsVisibleTo(scope.Project)
            ? found
            : throw SwitchboardException.NotFound($"Connection '{alias}' in {scope}");
    }

    public async Task<ListPage<Versioned<Connection>>> ListAsync(ConnectionScope scope, ConnectionQuery query, int top, string? continuationToken, CancellationToken ct)
    {
        await CheckScopeExistsAsync(scope, writable: false, ct);
        return await connections.ListAsync(scope.Hub, query with { Project = scope.Project }, clock.GetUtcNow(), top, continuationToken, ct);
    }

    /// <summary>
    /// Applies an update that the caller expressed as the whole new connection (a merge patch already merged).
    /// New credentials become a new secret version at once; the previous version stays readable.
    /// </summary>
    public async Task<Versioned<Connection>> UpdateAsync(ConnectionScope scope, string alias, ConnectionInput merged, string? ifMatch, Caller caller, CancellationToken ct)
    {
        await CheckScopeExistsAsync(scope, writable: true, ct);
        var (current, etag) = await OwnedAsync(scope, alias, ct);
        Preconditions.Check(ifMatch, etag);
        if (merged.Provider != current.Provider)
        {
            throw new SwitchboardException(ErrorCode.ProviderImmutable,
                "A connection's provider cannot be changed; create a new connection instead.");
        }
        if (merged.Alias != current.Alias)
        {
            throw SwitchboardException.Validation("alias", "A connection's alias cannot be changed.");
        }
        var authTypeChanged = merged.AuthType != current.AuthType.ToString();
        var valid = validator.Validate(merged, scope.IsHub, credentialsOptional: !authTypeChanged);

        var now = clock.GetUtcNow();
        var updated = current with
        {
            Name = valid.Name,
            Target = valid.Target,
            AuthType = valid.AuthType,
            Settings = valid.Settings,
            IsActive = valid.IsActive,
            ExpiresAt = valid.ExpiresAt,
            Rotation = valid.Rotation,
            SharedWith = valid.SharedWith,
            Metadata = valid.Metadata,
            Stamp = current.Stamp.Touch(now, caller.ActorId),
        };

        Uri? vault = null;
        string? newVersion = null;
        if (valid.Literals is not null)
        {
            updated = updated with { CredentialFields = valid.CredentialFields!, CredentialReferences = valid.References! };
            // New credentials under a validity period get a new expiry, unless the caller set one with them.
            var expiresAt = merged.ExpiresAt != current.ExpiresAt
                ? valid.ExpiresAt
                : valid.Rotation.ExpiryOfVersionWrittenAt(now, null) ?? valid.ExpiresAt;
            updated = updated with { ExpiresAt = expiresAt };
            if (valid.Literals.Count > 0)
            {
                // A migration copies the versions a row names; a new one written meanwhile would be left behind.
                if ((await connections.GetGuardAsync(current.Hub, ct)).Value.MigratingTo is not null)
                {
                    throw KeyVault.KeyVaultMigrationService.InProgress(current.Hub);
                }
                vault = await VaultOfAsync(current, ct);
                var secretName = current.SecretName ?? SecretVault.SecretNameOf(current.Hub, current.Id);
                newVersion = await secrets.SetAsync(vault, secretName, valid.Literals, vaults.TagsOf(scope.Hub, scope.Project, current.Alias, current.Id), expiresAt, ct);
                updated = updated with { SecretName = secretName, Versions = current.Versions.Replace(newVersion) };
            }
            else
            {
                updated = updated with { Versions = new SecretVersions(null, current.Versions.Current) };
            }
        }

        if (valid.Literals is null && updated.ExpiresAt != current.ExpiresAt && current.HasStoredSecret)
        {
            // Key Vault's own expiry of the current version (its exp, which drives its events) follows the connection's.
            await secrets.SetVersionExpiryAsync(await VaultOfAsync(current, ct), current.SecretName!, current.Versions.Current!, updated.ExpiresAt, ct);
        }
        updated = Expiry.ExpiryTracking.Track(current, updated, now);
        try
        {
            await expiry.BeforeWriteAsync(updated, ct);
            var saved = await connections.ReplaceAsync(updated, etag, ct);
            await expiry.AfterWriteAsync(current, updated, ct);
            await WriteAuditAsync(updated, valid.Literals is null ? AuditActions.ConnectionUpdated : AuditActions.CredentialsChanged, caller, now, ct);
            return saved;
        }
        catch when (newVersion is not null)
        {
            // The row still points to the old version; the new one must not become usable by accident.
            await DisableVersionQuietlyAsync(vault!, updated.SecretName!, newVersion);
            throw;
        }
    }

    public async Task<Versioned<Connection>> SetActiveAsync(ConnectionScope scope, string alias, bool active, string? ifMatch, Caller caller, CancellationToken ct)
    {
        await CheckScopeExistsAsync(scope, writable: true, ct);
        var (current, etag) = await OwnedAsync(scope, alias, ct);
        Preconditions.Check(ifMatch, etag);
        var now = clock.GetUtcNow();
        var saved = current.IsActive == active
            ? new Versioned<Connection>(current, etag)
            : await connections.ReplaceAsync(current with { IsActive = active, Stamp = current.Stamp.Touch(now, caller.ActorId) }, etag, ct);
        await WriteAuditAsync(current, active ? AuditActions.ConnectionEnabled : AuditActions.ConnectionDisabled, caller, now, ct);
        if (!active && current.IsActive)
        {
            await NotifyAsync(current, Notifications.EventTypes.Disabled, ct);
        }
        return saved;
    }

    public async Task DeleteAsync(ConnectionScope scope, string alias, bool force, string? ifMatch, Caller caller, CancellationToken ct)
    {
        await CheckScopeExistsAsync(scope, writable: true, ct);
        Connection current;
        IReadOnlyList<Versioned<Dependent>> using_;
        Uri vault;
        for (var attempt = 1; ; attempt++)
        {
            string etag;
            try
            {
                (current, etag) = await OwnedAsync(scope, alias, ct);
            }
            catch (SwitchboardException e) when (e.Code == ErrorCode.NotFound && attempt > 1)
            {
                return; // A concurrent delete without If-Match removed it: this one's outcome is the same.
            }
            Preconditions.Check(ifMatch, etag);
            using_ = await dependents.ListAsync(scope.Hub, current.Id, ct);
            if (using_.Count > 0 && !force)
            {
                throw new SwitchboardException(ErrorCode.ConnectionInUse,
                    $"Connection '{alias}' has {using_.Count} dependent(s): " + string.Join(", ", using_.Select(d => d.Value.Id)) +
                    ". Remove them, or delete with force=true.");
            }
            vault = await VaultOfAsync(current, ct);
            try
            {
                await DeleteRowWithGuardAsync(current, etag, ct);
                break;
            }
            catch (SwitchboardException e) when (e.Code == ErrorCode.PreconditionFailed && ifMatch is null && attempt < GuardAttempts)
            {
                // Without If-Match the caller asked for the connection to be gone, whatever changed it meanwhile:
                // read it again (it may already be deleted) and try once more. 412 is only for an If-Match.
            }
        }
        // The row is gone first, so nothing can point to a missing secret; the sweeper removes a secret
        // whose deletion fails here.
        if (current.SecretName is not null)
        {
            await secrets.DeleteAsync(vault, current.SecretName, ct);
        }
        await expiry.AfterWriteAsync(current, null, ct);
        await dependents.DeleteAllAsync(scope.Hub, current.Id, ct);
        await WriteAuditAsync(current, AuditActions.ConnectionDeleted, caller, clock.GetUtcNow(), ct,
            force && using_.Count > 0 ? new Dictionary<string, string> { ["forced"] = "true", ["dependents"] = using_.Count.ToString() } : null);
        await NotifyAsync(current, Notifications.EventTypes.Deleted, ct);
    }

    /// <summary>
    /// A teardown's delete: no scope checks (the hub or project is already closed to writes) and no dependents
    /// check (the whole scope goes). Idempotent.
    /// </summary>
    public async Task RemoveForTeardownAsync(Versioned<Connection> connection, Caller caller, CancellationToken ct)
    {
        var vault = await VaultOfAsync(connection.Value, ct);
        try
        {
            await DeleteRowWithGuardAsync(connection.Value, connection.ETag, ct);
        }
        catch (SwitchboardException e) when (e.Code == ErrorCode.PreconditionFailed)
        {
            // Already gone (a previous run of the step got this far): the secret may still need deleting.
        }
        if (connection.Value.SecretName is not null)
        {
            await secrets.DeleteAsync(vault, connection.Value.SecretName, ct);
        }
        await expiry.AfterWriteAsync(connection.Value, null, ct);
        await dependents.DeleteAllAsync(connection.Value.Hub, connection.Value.Id, ct);
        await WriteAuditAsync(connection.Value, AuditActions.ConnectionDeleted, caller, clock.GetUtcNow(), ct,
            new Dictionary<string, string> { ["reason"] = "teardown" });
    }

    public async Task<Versioned<Dependent>> PutDependentAsync(ConnectionScope scope, string alias, string id, string kind, string? name, Caller caller, CancellationToken ct)
    {
        if (!Names.IsValidAlias(id))
        {
            throw SwitchboardException.Validation("id", "1-63 letters, digits and hyphens, starting with a letter or digit.");
        }
        if (string.IsNullOrWhiteSpace(kind) || kind.Length > 64 || name is { Length: > 256 })
        {
            throw SwitchboardException.Validation("kind", "A kind of 1-64 characters (and a name of at most 256) is required.");
        }
        var connection = await GetAsync(scope, alias, ct);
        var now = clock.GetUtcNow();
        var saved = await dependents.UpsertAsync(scope.Hub, connection.Value.Id, new Dependent(id, kind, name, now, caller.ActorId), ct);
        await WriteAuditAsync(connection.Value, AuditActions.DependentAdded, caller, now, ct, new Dictionary<string, string> { ["dependent"] = id });
        return saved;
    }

    public async Task<IReadOnlyList<Versioned<Dependent>>> ListDependentsAsync(ConnectionScope scope, string alias, CancellationToken ct)
    {
        var connection = await GetAsync(scope, alias, ct);
        return await dependents.ListAsync(scope.Hub, connection.Value.Id, ct);
    }

    public async Task DeleteDependentAsync(ConnectionScope scope, string alias, string id, Caller caller, CancellationToken ct)
    {
        var connection = await GetAsync(scope, alias, ct);
        if (!await dependents.DeleteAsync(scope.Hub, connection.Value.Id, id, ct))
        {
            throw SwitchboardException.NotFound($"Dependent '{id}'");
        }
        await WriteAuditAsync(connection.Value, AuditActions.DependentRemoved, caller, clock.GetUtcNow(), ct, new Dictionary<string, string> { ["dependent"] = id });
    }

    /// <summary>The vault that holds this connection's secret: the hub's own, if it has one, else the service's.</summary>
    public async Task<Uri> VaultOfAsync(Connection connection, CancellationToken ct) =>
        connection.Vault ?? vaults.For((await connections.GetGuardAsync(connection.Hub, ct)).Value);

    private async Task<(Connection Connection, string ETag)> OwnedAsync(ConnectionScope scope, string alias, CancellationToken ct)
    {
        var found = await connections.GetAsync(scope.Hub, alias, ct);
        // A project sees shared hub connections but changes only its own; hub connections change at the hub.
        return found is not null && found.Value.Project == scope.Project
            ? (found.Value, found.ETag)
            : throw SwitchboardException.NotFound($"Connection '{alias}' in {scope}");
    }

    private async Task CheckScopeExistsAsync(ConnectionScope scope, bool writable, CancellationToken ct)
    {
        if (scope.Project is not null)
        {
            await (writable ? hubs.GetWritableProjectAsync(scope.Hub, scope.Project, ct) : hubs.GetProjectAsync(scope.Hub, scope.Project, ct));
        }
        else
        {
            await (writable ? hubs.GetWritableHubAsync(scope.Hub, ct) : hubs.GetHubAsync(scope.Hub, ct));
        }
    }

    private async Task<Versioned<HubGuard>> WritableGuardAsync(string hub, CancellationToken ct) =>
        Writable(hub, await connections.GetGuardAsync(hub, ct));

    private static Versioned<HubGuard> Writable(string hub, Versioned<HubGuard> guard) => guard.Value switch
    {
        { Deleting: true } => throw new SwitchboardException(ErrorCode.HubDeleting, $"Hub '{hub}' is being deleted."),
        { KeyVault: KeyVaultState.Provisioning } => throw new SwitchboardException(ErrorCode.KeyVaultSetupInProgress,
            $"Hub '{hub}' is connecting its Key Vault; create connections once the setup has finished."),
        _ => guard,
    };

    /// <summary>The store answers a hub without a guard row with <see cref="HubGuard.Initial"/> and no ETag.</summary>
    private static bool IsStored(Versioned<HubGuard> guard) => guard.ETag.Length > 0;

    private async Task<Versioned<Connection>> InsertWithGuardAsync(Connection connection, Versioned<HubGuard> guard, Uri vault, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await connections.InsertAsync(connection, guard, ct);
            }
            catch (SwitchboardException e) when (e.Code == ErrorCode.PreconditionFailed && attempt < GuardAttempts)
            {
                await BackOffAsync(attempt, ct);
                guard = await WritableGuardAsync(connection.Hub, ct);
                if (vaults.For(guard.Value) != vault)
                {
                    throw new SwitchboardException(ErrorCode.KeyVaultSetupInProgress, $"Hub '{connection.Hub}' changed its Key Vault; try again.");
                }
                if (connection.SecretName is not null && guard.Value.MigratingTo is not null)
                {
                    throw KeyVault.KeyVaultMigrationService.InProgress(connection.Hub);
                }
            }
        }
    }

    private async Task DeleteRowWithGuardAsync(Connection connection, string etag, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var guard = await connections.GetGuardAsync(connection.Hub, ct);
            try
            {
                await connections.DeleteAsync(connection, etag, guard, ct);
                return;
            }
            catch (SwitchboardException e) when (e.Code == ErrorCode.PreconditionFailed && attempt < GuardAttempts)
            {
                // Retry only when the guard moved (another create or delete in the hub), not the connection.
                var row = await connections.GetAsync(connection.Hub, connection.Alias, ct);
                if (row?.ETag != etag)
                {
                    throw;
                }
                await BackOffAsync(attempt, ct);
            }
        }
    }

    private Task BackOffAsync(int attempt, CancellationToken ct) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20) * Math.Min(attempt, 10)), clock, ct);

    private async Task DeleteSecretQuietlyAsync(Uri vault, string? name)
    {
        if (name is null)
        {
            return;
        }
        try
        {
            await secrets.DeleteAsync(vault, name, CancellationToken.None);
        }
        catch (SecretStoreException)
        {
            // Left for the sweeper, which removes secrets that no connection references.
        }
    }

    private async Task DisableVersionQuietlyAsync(Uri vault, string name, string version)
    {
        try
        {
            await secrets.SetVersionEnabledAsync(vault, name, version, false, CancellationToken.None);
        }
        catch (SecretStoreException)
        {
        }
    }

    private Task NotifyAsync(Connection connection, string type, CancellationToken ct) =>
        notifier.NotifyAsync(new Notification(type, connection.Hub, connection.Project, connection.Alias,
            new Dictionary<string, string> { ["provider"] = connection.Provider }), ct);

    private static SwitchboardException AliasTaken(string alias, string hub) =>
        new(ErrorCode.AliasTaken, $"The alias '{alias}' is already used in hub '{hub}' or one of its projects (aliases ignore case).");

    private Task WriteAuditAsync(Connection connection, string action, Caller caller, DateTimeOffset now, CancellationToken ct, IReadOnlyDictionary<string, string>? details = null) =>
        audit.WriteAsync(AuditEntryOf(connection, action, caller, now, details), ct);

    private static AuditEntry AuditEntryOf(Connection connection, string action, Caller caller, DateTimeOffset now, IReadOnlyDictionary<string, string>? details = null) =>
        new(connection.Hub, now, caller.ActorId, action, connection.Project, connection.Alias, caller.CorrelationId, details);
}
