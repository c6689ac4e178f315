using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Switchboard.Core.Access;
using Switchboard.Core.Errors;
using Switchboard.Core.KeyVault;
using Switchboard.Core.Ports;
using Switchboard.Api.Access;
using Switchboard.Api.Api;
using Switchboard.Api.Operations;
using Switchboard.Storage.KeyVault;
using Switchboard.Core.Operations;
using Switchboard.Api.Connections;
using Switchboard.Core.Connections;
using Switchboard.Workflows.KeyVaultMigration;
using Switchboard.Workflows.KeyVaultSetup;

namespace Switchboard.Api.KeyVault;

/// <summary>A hub's own Key Vault: <c>PUT</c> starts the setup (202), <c>GET</c> shows it, <c>DELETE</c> removes it last.</summary>
public static class KeyVaultApi
{
    public static void MapKeyVaultApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/hubs/{hub}/keyvault").WithTags("Key Vault").CheckAccess();
        group.MapPut("/", ConnectAsync).WithName("ConnectKeyVault").WithSummary("Connect the hub's own Key Vault (its first connection)")
            .Accepts<KeyVaultRequest>("application/json").Produces<OperationResponse>(202).ProducesProblem(409).Requires(Permission.Manage);
        group.MapGet("/", GetAsync).WithName("GetKeyVault").WithSummary("The hub's Key Vault connection").Requires(Permission.Read);
        group.MapDelete("/", RemoveAsync).WithName("RemoveKeyVault").WithSummary("Remove the Key Vault connection (its last connection)")
            .ProducesProblem(409).Requires(Permission.Manage);
        group.MapPost("/migrate", MigrateAsync).WithName("MigrateKeyVault").WithSummary("Move the hub's credentials to another Key Vault, live")
            .Accepts<KeyVaultMigrationBody>("application/json").Produces<OperationResponse>(202).ProducesProblem(409).Requires(Permission.Manage);
    }

    /// <summary>
    /// 202 with the KeyVaultMigration operation. The request's checks (the hub, a target it is not already in, no
    /// setup or migration running, If-Match) answer at once; the operation re-checks them as it begins.
    /// </summary>
    private static async Task<IResult> MigrateAsync(HttpContext http, string hub, KeyVaultMigrationService migration, IOperations operations,
        IdempotentRequests idempotency, IOptions<KeyVaultOptions> vaultOptions, IOptions<KeyVaultSetupOptions> setupOptions, CancellationToken ct)
    {
        var body = await JsonBody.ReadNodeAsync(http.Request);
        return await idempotency.RunAsync(http, new ConnectionScope(hub, null), body, async () =>
        {
            var request = JsonBody.Convert<KeyVaultMigrationBody>(body);
            var target = MigrationTargetOf(request.To, vaultOptions.Value);
            await migration.CheckAsync(hub, target, Http.IfMatch(http.Request), ct);
            var id = KeyVaultMigrationService.InstanceIdFor(hub);
            var caller = Http.CallerOf(http);
            var setup = setupOptions.Value;
            try
            {
                await operations.StartAsync(KeyVaultMigrationOrchestrator.Name, id,
                    new KeyVaultMigrationRequest(hub, target, request.PurgeSource, setup.Deadline, setup.ProbeInterval, caller.ActorId, caller.CorrelationId), ct);
            }
            catch (OperationAlreadyRunningException)
            {
                throw OperationsApi.InProgress(id, $"The Key Vault migration of hub '{hub}'");
            }
            var started = await operations.GetAsync(id, ct) ?? throw SwitchboardException.NotFound($"Operation '{id}'");
            return new IdempotentRequests.Outcome(StatusCodes.Status202Accepted, OperationsApi.LocationOf(http.Request, id), "", OperationResponse.From(started));
        });
    }

    /// <summary><c>"managed"</c> is the service's own vault; anything else must be a vault a hub may bring.</summary>
    private static Uri MigrationTargetOf(string? to, KeyVaultOptions options)
    {
        if (string.Equals(to, "managed", StringComparison.OrdinalIgnoreCase))
        {
            return options.ManagedVaultUri!;
        }
        return Uri.TryCreate(to, UriKind.Absolute, out var uri) && (options.IsAllowedVault(uri) || uri == options.ManagedVaultUri)
            ? uri
            : throw SwitchboardException.Validation("to", "\"managed\", or the https URI of an Azure Key Vault, such as https://name.vault.azure.net/.");
    }

    private static async Task<IResult> ConnectAsync(HttpContext http, string hub, KeyVaultService keyVault, IOperations operations,
        IOptions<KeyVaultOptions> vaultOptions, IOptions<KeyVaultSetupOptions> setupOptions, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<KeyVaultRequest>(http.Request);
        if (!Uri.TryCreate(request.VaultUri, UriKind.Absolute, out var vaultUri) || !vaultOptions.Value.IsAllowedVault(vaultUri))
        {
            throw SwitchboardException.Validation("vaultUri", "The https URI of an Azure Key Vault, such as https://name.vault.azure.net/.");
        }
        var id = KeyVaultSetupOrchestrator.InstanceIdFor(hub);
        var caller = Http.CallerOf(http);
        await keyVault.BeginAsync(hub, vaultUri, id, caller, ct);
        try
        {
            var setup = setupOptions.Value;
            await operations.StartAsync(KeyVaultSetupOrchestrator.Name, id,
                new KeyVaultSetupRequest(hub, vaultUri, setup.Deadline, setup.ProbeInterval, caller.ActorId, caller.CorrelationId), ct);
        }
        catch (OperationAlreadyRunningException)
        {
            throw OperationsApi.InProgress(id, $"The Key Vault setup of hub '{hub}'");
        }
        catch
        {
            await keyVault.AbandonAsync(hub, caller, CancellationToken.None);
            throw;
        }
        return await OperationsApi.AcceptedAsync(http, operations, id, ct);
    }

    private static async Task<Ok<KeyVaultResponse>> GetAsync(HttpContext http, string hub, KeyVaultService keyVault, CancellationToken ct)
    {
        var found = await keyVault.GetAsync(hub, ct);
        Http.SetETag(http.Response, found.ETag);
        return TypedResults.Ok(KeyVaultResponse.From(found));
    }

    private static async Task<NoContent> RemoveAsync(HttpContext http, string hub, KeyVaultService keyVault, CancellationToken ct)
    {
        await keyVault.RemoveAsync(hub, Http.IfMatch(http.Request), Http.CallerOf(http), ct);
        return TypedResults.NoContent();
    }
}

public sealed record KeyVaultRequest(string? VaultUri);

/// <param name="To">The vault to move to: <c>"managed"</c> (the service's own) or a vault URI.</param>
/// <param name="PurgeSource">Purge the source copies after the move instead of soft-deleting them (where the vault allows).</param>
public sealed record KeyVaultMigrationBody(string? To, bool PurgeSource = false);

public sealed record KeyVaultResponse(string Hub, string VaultUri, string Status, DateTimeOffset? LastCheckedAt, string? OperationId,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset UpdatedAt, string Etag)
{
    public static KeyVaultResponse From(Versioned<KeyVaultConnection> v) => new(v.Value.Hub, v.Value.VaultUri.ToString(), v.Value.Status.ToString(),
        v.Value.LastCheckedAt, v.Value.OperationId, v.Value.Stamp.CreatedAt, v.Value.Stamp.CreatedBy, v.Value.Stamp.UpdatedAt, v.ETag);
}
