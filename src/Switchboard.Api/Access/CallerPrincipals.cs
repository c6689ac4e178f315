using System.Security.Claims;
using System.Text.Json;
using Switchboard.Core.Access;
using Switchboard.Api.Api;

namespace Switchboard.Api.Access;

/// <summary>
/// Between an authenticated request and our rules: the <see cref="Principal"/> of the caller. Keys carry their
/// grant in claims; a token's grants come from role assignments, read once per request.
/// </summary>
public static class CallerPrincipals
{
    private const string GrantClaim = "switchboard/grant";
    private const string AdministratorRole = "Administrator";
    private static readonly object ItemKey = new();

    public static ClaimsPrincipal ToClaims(Principal principal, string scheme)
    {
        var claims = new List<Claim> { new(CallerClaims.ActorId, principal.ActorId) };
        if (principal.IsAdministrator)
        {
            claims.Add(new Claim("roles", AdministratorRole));
        }
        claims.AddRange(principal.Grants.Select(g => new Claim(GrantClaim, JsonSerializer.Serialize(g))));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, CallerClaims.ActorId, "roles"));
    }

    public static async Task<Principal> PrincipalOfAsync(HttpContext http)
    {
        if (http.Items.TryGetValue(ItemKey, out var cached) && cached is Principal known)
        {
            return known;
        }
        var user = http.User;
        var isAdministrator = user.FindAll("roles").Any(c => c.Value == AdministratorRole);
        var grants = user.FindAll(GrantClaim).Select(c => JsonSerializer.Deserialize<Grant>(c.Value)!).ToList();
        var objectId = user.FindFirst("oid")?.Value;
        if (objectId is not null && user.FindFirst(CallerClaims.ActorId) is null)
        {
            // An Entra ID token: its hub and project roles are role assignments of its object id.
            grants.AddRange(await http.RequestServices.GetRequiredService<AccessService>().GrantsOfAsync(objectId, http.RequestAborted));
        }
        var principal = new Principal(ActorOf(user), isAdministrator, grants);
        http.Items[ItemKey] = principal;
        return principal;
    }

    public static string ActorOf(ClaimsPrincipal user) =>
        user.FindFirst(CallerClaims.ActorId)?.Value
        ?? (user.FindFirst("oid")?.Value is { } oid ? "user:" + oid : null)
        ?? (user.FindFirst("sub")?.Value is { } sub ? "user:" + sub : "anonymous");
}
