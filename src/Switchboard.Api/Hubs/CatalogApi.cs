using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.Core.Ports;
using Switchboard.Core.Providers;
using Switchboard.Api.Access;
using Switchboard.Api.Api;
using Switchboard.Core.Access;

namespace Switchboard.Api.Hubs;

/// <summary>The provider catalogue and the audit trail of a hub.</summary>
public static class CatalogApi
{
    public static void MapCatalogApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/providers", () => TypedResults.Ok(new ListResponse<ProviderResponse>([.. ProviderCatalog.All.Select(ProviderResponse.From)], null)))
            .WithTags("Providers").WithName("ListProviders").WithSummary("List the providers and what their connections need");
        app.MapGet("/api/hubs/{hub}/audit", ListAuditAsync)
            .WithTags("Audit").WithName("ListAudit").WithSummary("Who did what and when in a hub, newest first")
            .Requires(Permission.Read).CheckAccess();
    }

    private static async Task<Ok<ListResponse<AuditEntry>>> ListAuditAsync(
        HttpContext http, string hub, Core.Hubs.HubService hubs, IAuditLog audit, CancellationToken ct,
        DateTimeOffset? from = null, DateTimeOffset? to = null, string? alias = null, string? action = null, int? top = null, string? continuationToken = null)
    {
        await hubs.GetHubAsync(hub, ct);
        var page = await audit.QueryAsync(hub, new AuditQuery(from, to, alias, action), Http.Top(top), Http.ContinuationOf(http.Request, continuationToken), ct);
        return TypedResults.Ok(new ListResponse<AuditEntry>(page.Items, Http.NextLink(http.Request, page.ContinuationToken)));
    }
}

public sealed record FieldResponse(string Name, bool Required, string Description);

public sealed record ProviderResponse(
    string Id, string DisplayName, IReadOnlyList<string> AuthTypes,
    IReadOnlyDictionary<string, IReadOnlyList<FieldResponse>> CredentialFields,
    IReadOnlyList<FieldResponse> SettingsFields, bool CanGenerateCredentials, bool Testable, bool CreatedThroughKeyVaultSetupOnly)
{
    public static ProviderResponse From(Provider p) => new(
        p.Id, p.DisplayName, [.. p.AuthTypes.Keys.Select(a => a.ToString())],
        p.AuthTypes.ToDictionary(a => a.Key.ToString(), a => (IReadOnlyList<FieldResponse>)[.. a.Value.Select(Field)]),
        [.. p.Settings.Select(Field)], p.CanGenerateCredentials, p.Testable, p.CreatedThroughKeyVaultSetupOnly);

    private static FieldResponse Field(FieldSpec f) => new(f.Name, f.Required, f.Description);
}
