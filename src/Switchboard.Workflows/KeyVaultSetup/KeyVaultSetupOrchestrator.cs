using System.Text.Json.Serialization;
using Microsoft.DurableTask;
using Switchboard.Core.KeyVault;
using Switchboard.Workflows.Progress;

namespace Switchboard.Workflows.KeyVaultSetup;

/// <summary>The setup's output: the vault that is now the hub's.</summary>
public sealed record KeyVaultSetupResult([property: JsonPropertyName("vaultUri")] Uri VaultUri);

/// <summary>
/// Connects a hub's own vault: the connection is registered as Provisioning by the request (creates in the hub
/// are refused meanwhile), then access is proven by writing, reading and deleting a probe secret, waiting on
/// durable timers while the vault answers 403 (role assignments take minutes to propagate), until a deadline.
/// A failure abandons the registration.
/// </summary>
public sealed class KeyVaultSetupOrchestrator : TaskOrchestrator<KeyVaultSetupRequest, KeyVaultSetupResult>
{
    public const string Name = "KeyVaultSetup";
    public const string Register = "Register vault";
    public const string Verify = "Verify access";
    public const string Activate = "Activate";

    public static string InstanceIdFor(string hub) => "keyvault-" + hub;

    public override async Task<KeyVaultSetupResult> RunAsync(TaskOrchestrationContext context, KeyVaultSetupRequest input)
    {
        var steps = new OperationSteps(context, Register, Verify, Activate);
        steps.Begin(Register);
        var deadline = context.CurrentUtcDateTime + input.Timeout;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                steps.Begin(Verify, attempt);
                var result = await context.CallActivityAsync<VaultProbeResult>(nameof(ProbeVault), input, Retries.Transient);
                if (result == VaultProbeResult.Ok)
                {
                    break;
                }
                var next = context.CurrentUtcDateTime + input.ProbeInterval;
                if (next > deadline)
                {
                    throw result == VaultProbeResult.Forbidden
                        ? steps.Fail("KeyVaultForbidden",
                            $"The vault {input.VaultUri.Host} still refused Switchboard's identity at the deadline: give it the Key Vault Secrets Officer role on the vault and connect again.")
                        : steps.Fail("KeyVaultUnreachable", $"The vault {input.VaultUri.Host} did not answer before the deadline.");
                }
                steps.Note("TimerSet", result.ToString(), new DateTimeOffset(next, TimeSpan.Zero));
                await context.CreateTimer(next, CancellationToken.None);
            }
            steps.Begin(Activate);
            await context.CallActivityAsync(nameof(ActivateVault), input, Retries.Transient);
        }
        catch (Exception e) when (e is OperationFailedException or TaskFailedException)
        {
            var failure = e as OperationFailedException ?? steps.Fail((TaskFailedException)e);
            steps.Compensating();
            await context.CallActivityAsync(nameof(AbandonVault), input, Retries.Transient);
            throw failure;
        }
        steps.Finish();
        return new KeyVaultSetupResult(input.VaultUri);
    }
}
