using Azure.Core;

namespace Switchboard.KeyVaultEmulator.Tests.Infrastructure;

/// <summary>
/// A credential that always hands out the same token. The emulator accepts any bearer token, and
/// unlike a real credential this one does not check the challenge's tenant.
/// </summary>
internal sealed class StaticTokenCredential : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new("emulator-test-token", DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
