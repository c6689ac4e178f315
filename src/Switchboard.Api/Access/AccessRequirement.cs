using Switchboard.Core.Access;
using Switchboard.Core.Errors;

namespace Switchboard.Api.Access;

/// <summary>
/// What a route demands of its caller, checked against the hub and project in the route before the handler
/// runs. Applied once per route group.
/// </summary>
public sealed record AccessRequirement(Permission Permission, bool HubMetadataOnly = false);

public static class AccessRequirements
{
    public static TBuilder Requires<TBuilder>(this TBuilder builder, Permission permission, bool hubMetadataOnly = false)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new AccessRequirement(permission, hubMetadataOnly));
        return builder;
    }

    /// <summary>Checks every endpoint's requirement; endpoints outside a hub need only an authenticated caller.</summary>
    public static TBuilder CheckAccess<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var requirement = http.GetEndpoint()?.Metadata.GetMetadata<AccessRequirement>();
            if (requirement is not null && http.GetRouteValue("hub") is string hub)
            {
                var principal = await CallerPrincipals.PrincipalOfAsync(http);
                if (!principal.May(requirement.Permission, hub, http.GetRouteValue("project") as string, requirement.HubMetadataOnly))
                {
                    throw new SwitchboardException(ErrorCode.Forbidden,
                        principal.Knows(hub) ? "Your role does not allow this here." : $"You have no access to hub '{hub}'.");
                }
            }
            return await next(context);
        });
}
