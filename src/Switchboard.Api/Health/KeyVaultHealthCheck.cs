using Microsoft.Extensions.Diagnostics.HealthChecks;
using Switchboard.Core.Connections;
using Switchboard.Core.Ports;

namespace Switchboard.Api.Health;

/// <summary>Reads a secret that never exists from the service's vault: "not found" proves it answers and lets us in.</summary>
internal sealed class KeyVaultHealthCheck(ISecretStore secrets, SecretVault vaults) : IHealthCheck
{
    private const string ProbeSecret = "switchboard-health-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await secrets.GetAsync(vaults.ManagedVault, ProbeSecret, "", cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (SecretStoreException e) when (e.Failure == SecretStoreFailure.NotFound)
        {
            return HealthCheckResult.Healthy();
        }
    }
}
