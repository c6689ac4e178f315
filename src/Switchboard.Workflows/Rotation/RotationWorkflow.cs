using Switchboard.Core.Ports;
using Switchboard.Core.Rotation;

namespace Switchboard.Workflows.Rotation;

/// <summary>The rotation's durable state: where the connection is and the pending version's id. No credential.</summary>
public sealed record RotationState(RotationTarget Target, string Actor, string CorrelationId, DateTimeOffset? GraceUntil = null, TimeSpan GracePeriod = default);

/// <summary>
/// Stage the pending version, test it with the provider's probe, promote it, notify, keep the previous version
/// readable for the grace period, then retire it. A failed test or a superseded rotation disables the pending
/// version and leaves the connection as it was.
/// </summary>
public static class RotationWorkflow
{
    public const string Name = "Rotation";

    public static string InstanceIdFor(string connectionId) => "rotation-" + connectionId;

    public static WorkflowDefinition<RotationState> Build(RotationService rotation, IConnectionProbe probe, INotifier notifier) =>
        new WorkflowDefinition<RotationState>(Name)
            .Step("Stage pending version", async ctx =>
            {
                await rotation.StageAsync(ctx.State.Target, ctx.CancellationToken);
                return ctx.Next();
            }, compensate: async ctx =>
            {
                await rotation.DiscardAsync(ctx.State.Target, ctx.CancellationToken);
                var t = ctx.State.Target;
                await notifier.NotifyAsync(new Notification(Core.Notifications.EventTypes.RotationFailed, t.Hub, t.Project, t.Alias,
                    new Dictionary<string, string> { ["operationId"] = ctx.InstanceId }), ctx.CancellationToken);
            })
            .Step("Test pending version", async ctx =>
            {
                var connection = await rotation.ConnectionAsync(ctx.State.Target, ctx.CancellationToken);
                var result = await probe.ProbeAsync(connection, ctx.State.Target.PendingVersion, ctx.CancellationToken);
                return result switch
                {
                    { Ok: true } or { Ok: null } => ctx.Next(),
                    { Status: null } => ctx.Retry("The target could not be reached: " + result.Detail),
                    _ => ctx.Fail("PendingCredentialsRejected", "The target refused the new credentials: " + result.Detail),
                };
            }, retry: new RetryPolicy(3))
            .Step("Promote", async ctx =>
            {
                if (await rotation.PromoteAsync(ctx.State.Target, ctx.State.Actor, ctx.CancellationToken) is not { } connection)
                {
                    return ctx.Fail("RotationSuperseded", "The connection's credentials were changed while the rotation ran.");
                }
                return ctx.Next(ctx.State with { GraceUntil = ctx.Now + connection.Rotation.GracePeriod, GracePeriod = connection.Rotation.GracePeriod });
            })
            .Step("Notify", async ctx =>
            {
                var t = ctx.State.Target;
                await rotation.AuditAsync(t, "connection.rotated", ctx.State.Actor, ctx.State.CorrelationId,
                    new Dictionary<string, string> { ["secretVersion"] = t.PendingVersion, ["operationId"] = ctx.InstanceId }, ctx.CancellationToken);
                await notifier.NotifyAsync(new Notification(Core.Notifications.EventTypes.Rotated, t.Hub, t.Project, t.Alias,
                    new Dictionary<string, string> { ["secretVersion"] = t.PendingVersion }), ctx.CancellationToken);
                // The previous version stays readable (listSecrets?version=previous) until the grace period ends.
                return ctx.WaitUntil(ctx.State.GraceUntil ?? ctx.Now);
            })
            .Step("Retire previous version", async ctx =>
            {
                await rotation.RetirePreviousAsync(ctx.State.Target, ctx.CancellationToken);
                return ctx.Complete(new { secretVersion = ctx.State.Target.PendingVersion });
            });
}
