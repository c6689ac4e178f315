using System.Globalization;
using Switchboard.KeyVaultEmulator.Errors;
using Switchboard.KeyVaultEmulator.Vaults;

namespace Switchboard.KeyVaultEmulator.Pipeline;

/// <summary>
/// Everything a request meets before the secrets handlers, in the order the service would apply
/// it: the bearer challenge, then injected faults (delay, 429, 500), then the access rule (403).
/// It also counts the request and turns <see cref="KeyVaultErrorException"/> into an error body.
/// </summary>
internal static class VaultGate
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next, Vault vault)
    {
        var operation = context.GetEndpoint()?.Metadata.GetMetadata<VaultOperation>() ?? VaultOperation.Unsupported;
        var headers = context.Response.Headers;
        headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        headers["x-ms-keyvault-service-version"] = "1.9.0.0";
        headers.CacheControl = "no-cache";
        vault.Stats.Request();
        try
        {
            await PassAsync(context, next, vault, operation);
        }
        catch (KeyVaultErrorException e) when (!context.Response.HasStarted)
        {
            await e.Error.WriteAsync(context);
        }
        finally
        {
            vault.Stats.Status(context.Response.StatusCode);
        }
    }

    private static async Task PassAsync(HttpContext context, RequestDelegate next, Vault vault, VaultOperation operation)
    {
        if (!Challenge.HasBearerToken(context.Request))
        {
            vault.Stats.Unauthenticated();
            await Challenge.WriteAsync(context);
            return;
        }
        vault.Stats.Operation(operation.Name);

        var fault = vault.Faults.Next();
        if (fault.DelayMs > 0)
        {
            await Task.Delay(fault.DelayMs, context.RequestAborted);
        }
        switch (fault.Kind)
        {
            case FaultKind.Throttle:
                vault.Stats.Throttled();
                context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await KeyVaultErrors.Throttled().WriteAsync(context);
                return;
            case FaultKind.Error:
                vault.Stats.InjectedError();
                await KeyVaultErrors.InternalServerError().WriteAsync(context);
                return;
        }

        if (vault.Access.Refuses(vault.Clock.GetUtcNow(), out var innerCode))
        {
            vault.Stats.Forbidden();
            await KeyVaultErrors.ForbiddenByPolicy(vault.Name, operation.Permission, innerCode).WriteAsync(context);
            return;
        }

        await next(context);
    }
}
