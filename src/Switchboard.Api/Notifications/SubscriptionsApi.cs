using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.Core.Access;
using Switchboard.Core.Notifications;
using Switchboard.Core.Ports;
using Switchboard.Api.Access;
using Switchboard.Api.Api;

namespace Switchboard.Api.Notifications;

/// <summary>Webhook subscriptions of a hub: where Switchboard sends its CloudEvents.</summary>
public static class SubscriptionsApi
{
    public static void MapSubscriptionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/hubs/{hub}/subscriptions").WithTags("Notifications").CheckAccess();
        group.MapPut("/{id}", PutAsync).WithName("PutSubscription").WithSummary("Subscribe a webhook to the hub's events")
            .Accepts<SubscriptionRequest>("application/json").Requires(Permission.Manage);
        group.MapGet("/", ListAsync).WithName("ListSubscriptions").WithSummary("List webhook subscriptions").Requires(Permission.Manage);
        group.MapGet("/{id}", GetAsync).WithName("GetSubscription").WithSummary("A subscription and its last delivery").Requires(Permission.Manage);
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteSubscription").WithSummary("Remove a subscription").Requires(Permission.Manage);
    }

    private static async Task<Results<Created<SubscriptionResponse>, Ok<SubscriptionResponse>>> PutAsync(HttpContext http, string hub, string id, SubscriptionService service, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<SubscriptionRequest>(http.Request);
        var (saved, created) = await service.PutAsync(hub, id, request.Url, request.EventTypes, request.Secret, Http.CallerOf(http), ct);
        Http.SetETag(http.Response, saved.ETag);
        var body = SubscriptionResponse.From(saved);
        return created ? TypedResults.Created($"/api/hubs/{hub}/subscriptions/{id}", body) : TypedResults.Ok(body);
    }

    private static async Task<Ok<ListResponse<SubscriptionResponse>>> ListAsync(string hub, SubscriptionService service, CancellationToken ct) =>
        TypedResults.Ok(new ListResponse<SubscriptionResponse>([.. (await service.ListAsync(hub, ct)).Select(SubscriptionResponse.From)], null));

    private static async Task<Ok<SubscriptionResponse>> GetAsync(HttpContext http, string hub, string id, SubscriptionService service, CancellationToken ct)
    {
        var found = await service.GetAsync(hub, id, ct);
        Http.SetETag(http.Response, found.ETag);
        return TypedResults.Ok(SubscriptionResponse.From(found));
    }

    private static async Task<NoContent> DeleteAsync(HttpContext http, string hub, string id, SubscriptionService service, CancellationToken ct)
    {
        await service.DeleteAsync(hub, id, Http.CallerOf(http), ct);
        return TypedResults.NoContent();
    }
}

/// <summary><c>secret</c> signs deliveries; it is write-only (send it again only to change it).</summary>
public sealed record SubscriptionRequest(string? Url, List<string>? EventTypes, string? Secret);

public sealed record SubscriptionResponse(string Id, string Url, IReadOnlyList<string> EventTypes, DeliveryStatus? LastDelivery,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset UpdatedAt, string Etag)
{
    public static SubscriptionResponse From(Versioned<Subscription> v) => new(v.Value.Id, v.Value.Url.ToString(), v.Value.EventTypes, v.Value.LastDelivery,
        v.Value.Stamp.CreatedAt, v.Value.Stamp.CreatedBy, v.Value.Stamp.UpdatedAt, v.ETag);
}
