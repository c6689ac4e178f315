using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading.RateLimiting;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;

namespace Switchboard.Storage.KeyVault;

/// <summary>
/// One <see cref="SecretClient"/> per vault, created on first use and kept: clients are thread-safe and
/// hold the connection pool and the token cache.
/// </summary>
public sealed class SecretClients(KeyVaultOptions options, TokenCredential azureCredential, IEnumerable<HttpPipelinePolicy>? policies = null)
{
    private readonly ConcurrentDictionary<Uri, SecretClient> clients = new();
    private readonly ConcurrentDictionary<Uri, RateLimiter> copyWriteLimiters = new();
    private readonly Lazy<HttpClientTransport?> emulatorTransport = new(() => options.UsesEmulator ? PinnedTransport(options.EmulatorCertificatePath!) : null);

    public SecretClient For(Uri vault) => clients.GetOrAdd(vault, Create);

    /// <summary>
    /// Waits until a Key Vault migration may write one more secret to <paramref name="vault"/>: at most
    /// <see cref="KeyVaultOptions.MigrationWritesPer10Seconds"/> in any 10 seconds from this process, Key Vault's
    /// documented limit, so a move does not starve the vault's other users (429s are still retried as they come).
    /// </summary>
    public async ValueTask AcquireCopyWriteAsync(Uri vault, CancellationToken ct)
    {
        var limiter = copyWriteLimiters.GetOrAdd(vault, _ => new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = options.MigrationWritesPer10Seconds,
            Window = TimeSpan.FromSeconds(10),
            SegmentsPerWindow = 10,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }));
        using var lease = await limiter.AcquireAsync(1, ct);
    }

    private SecretClient Create(Uri vault)
    {
        var clientOptions = new SecretClientOptions();
        clientOptions.Retry.MaxRetries = 4;
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(20);
        foreach (var policy in policies ?? [])
        {
            clientOptions.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        }
        if (emulatorTransport.Value is { } transport)
        {
            // The emulator answers on localhost, whose challenge resource is not *.vault.azure.net.
            clientOptions.DisableChallengeResourceVerification = true;
            clientOptions.Transport = transport;
            return new SecretClient(vault, new EmulatorTokenCredential(), clientOptions);
        }
        return new SecretClient(vault, azureCredential, clientOptions);
    }

    /// <summary>Trusts exactly the emulator's certificate, compared byte for byte, and nothing else.</summary>
    private static HttpClientTransport PinnedTransport(string pemPath)
    {
        var pinned = X509Certificate2.CreateFromPem(File.ReadAllText(pemPath));
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                    presented is not null
                    && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
                    && presented.GetRawCertData().AsSpan().SequenceEqual(pinned.RawData),
            },
        };
        return new HttpClientTransport(handler);
    }

    /// <summary>The emulator accepts any bearer token; this one never leaves the machine.</summary>
    private sealed class EmulatorTokenCredential : TokenCredential
    {
        private static AccessToken Token => new("switchboard-emulator-token", DateTimeOffset.UtcNow.AddHours(1));

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => Token;

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(Token);
    }
}
