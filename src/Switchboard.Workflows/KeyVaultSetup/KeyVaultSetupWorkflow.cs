using Switchboard.Core.KeyVault;
using Switchboard.Core.Ports;

namespace Switchboard.Workflows.KeyVaultSetup;

public sealed record KeyVaultSetupState(string Hub, Uri VaultUri, DateTimeOffset Deadline, TimeSpan ProbeInterval, string Actor, string CorrelationId)
{
    public Caller Caller => new(Actor, CorrelationId);
}

/// <summary>
/// Connects a hub's own vault: the connection is registered as Provisioning by the request (creates in the hub
/// are refused meanwhile), then access is proven by writing, reading and deleting a probe secret, waiting with
/// durable timers while the vault answers 403 (role assignments take minutes to propagate), until a deadline.
/// </summary>
public static class KeyVaultSetupWorkflow
{
    public const string Name = "KeyVaultSetup";

    public static string InstanceIdFor(string hub) => "keyvault-" + hub;

    public static WorkflowDefinition<KeyVaultSetupState> Build(KeyVaultService keyVault) =>
        new WorkflowDefinition<KeyVaultSetupState>(Name)
            .Step("Register vault", ctx => ctx.Next(),
                compensate: ctx => keyVault.AbandonAsync(ctx.State.Hub, ctx.State.Caller, ctx.CancellationToken))
            .Step("Verify access", async ctx =>
            {
                var result = await keyVault.ProbeAsync(ctx.State.VaultUri, ctx.State.Hub, ctx.CancellationToken);
                return result switch
                {
                    VaultProbeResult.Ok => ctx.Next(),
                    VaultProbeResult.Forbidden when ctx.Now + ctx.State.ProbeInterval <= ctx.State.Deadline => ctx.RunAgainAt(ctx.Now + ctx.State.ProbeInterval),
                    VaultProbeResult.Forbidden => ctx.Fail("KeyVaultForbidden",
                        $"The vault {ctx.State.VaultUri.Host} still refused Switchboard's identity at the deadline: give it the Key Vault Secrets Officer role on the vault and connect again."),
                    _ => ctx.Retry($"The vault {ctx.State.VaultUri.Host} did not answer."),
                };
            })
            .Step("Activate", async ctx =>
            {
                await keyVault.ActivateAsync(ctx.State.Hub, ctx.State.Caller, ctx.CancellationToken);
                return ctx.Complete(new { vaultUri = ctx.State.VaultUri });
            });
}
