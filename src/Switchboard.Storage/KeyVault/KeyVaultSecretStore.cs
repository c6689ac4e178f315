using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Switchboard.Core.Connections;
using Switchboard.Core.Ports;

namespace Switchboard.Storage.KeyVault;

/// <summary>
/// Connection credentials as one JSON secret per connection, a version per change, on the real SecretClient.
/// Key Vault's failures become <see cref="SecretStoreException"/>s whose messages name the vault and the
/// secret, never a value.
/// </summary>
public sealed class KeyVaultSecretStore(SecretClients clients) : ISecretStore
{
    private const string JsonContentType = "application/json";
    private static readonly TimeSpan DeletePollInterval = TimeSpan.FromMilliseconds(500);

    public async Task<string> SetAsync(Uri vault, string name, IReadOnlyDictionary<string, string> values,
        IReadOnlyDictionary<string, string> tags, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        var secret = new KeyVaultSecret(name, JsonSerializer.Serialize(values));
        secret.Properties.ContentType = JsonContentType;
        secret.Properties.ExpiresOn = expiresAt;
        foreach (var (key, value) in tags)
        {
            secret.Properties.Tags[key] = value;
        }
        var saved = await Call(vault, name, () => clients.For(vault).SetSecretAsync(secret, ct));
        return saved.Value.Properties.Version;
    }

    public async Task<IReadOnlyDictionary<string, string>> GetAsync(Uri vault, string name, string version, CancellationToken ct)
    {
        var secret = await Call(vault, name, () => clients.For(vault).GetSecretAsync(name, version, ct));
        return JsonSerializer.Deserialize<Dictionary<string, string>>(secret.Value.Value)
            ?? throw new SecretStoreException(SecretStoreFailure.NotFound, $"Secret '{name}' in {vault.Host} holds no credentials.");
    }

    public async Task SetVersionEnabledAsync(Uri vault, string name, string version, bool enabled, CancellationToken ct)
    {
        var properties = new SecretProperties(new Uri(vault, $"secrets/{name}/{version}")) { Enabled = enabled };
        await Call(vault, name, () => clients.For(vault).UpdateSecretPropertiesAsync(properties, ct));
    }

    public async Task SetVersionExpiryAsync(Uri vault, string name, string version, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        var properties = new SecretProperties(new Uri(vault, $"secrets/{name}/{version}")) { ExpiresOn = expiresAt };
        await Call(vault, name, () => clients.For(vault).UpdateSecretPropertiesAsync(properties, ct));
    }

    public async Task DeleteAsync(Uri vault, string name, CancellationToken ct)
    {
        var client = clients.For(vault);
        try
        {
            var operation = await Call(vault, name, () => client.StartDeleteSecretAsync(name, ct));
            await operation.WaitForCompletionAsync(DeletePollInterval, ct);
        }
        catch (SecretStoreException e) when (e.Failure == SecretStoreFailure.NotFound)
        {
            return;
        }
        try
        {
            await client.PurgeDeletedSecretAsync(name, ct);
        }
        catch (RequestFailedException e) when (e.Status is 403 or 404 or 409)
        {
            // Purge protection (403) keeps the deleted secret until its retention ends; that is the vault's choice.
        }
    }

    public async Task SoftDeleteAsync(Uri vault, string name, CancellationToken ct)
    {
        try
        {
            // Accepted is enough: the secret stops answering at once, and nothing waits for its deletion to settle.
            await Call(vault, name, () => clients.For(vault).StartDeleteSecretAsync(name, ct));
        }
        catch (SecretStoreException e) when (e.Failure == SecretStoreFailure.NotFound)
        {
        }
    }

    public async Task<string?> CopyVersionAsync(Uri from, Uri to, string name, string version, CancellationToken ct)
    {
        KeyVaultSecret source;
        try
        {
            source = (await Call(from, name, () => clients.For(from).GetSecretAsync(name, version, ct))).Value;
        }
        catch (SecretStoreException e) when (e.Failure == SecretStoreFailure.VersionDisabled)
        {
            return null;
        }
        var copy = await FindCopyAsync(to, name, version, ct) ?? await WriteCopyAsync(to, source, version, ct);
        var readBack = await Call(to, name, () => clients.For(to).GetSecretAsync(name, copy, ct));
        if (!SHA256.HashData(Encoding.UTF8.GetBytes(readBack.Value.Value)).AsSpan().SequenceEqual(SHA256.HashData(Encoding.UTF8.GetBytes(source.Value))))
        {
            throw new SecretStoreException(SecretStoreFailure.Rejected, $"The copy of secret '{name}' in {to.Host} does not match its source in {from.Host}.");
        }
        return copy;
    }

    /// <summary>The enabled version of the secret in <paramref name="vault"/> that was copied from <paramref name="sourceVersion"/>.</summary>
    private async Task<string?> FindCopyAsync(Uri vault, string name, string sourceVersion, CancellationToken ct)
    {
        try
        {
            return await Call(vault, name, async () =>
            {
                await foreach (var properties in clients.For(vault).GetPropertiesOfSecretVersionsAsync(name, ct))
                {
                    if (properties.Enabled != false && properties.Tags.TryGetValue(SecretVault.Tag.CopiedFrom, out var from) && from == sourceVersion)
                    {
                        return properties.Version;
                    }
                }
                return null;
            });
        }
        catch (SecretStoreException e) when (e.Failure == SecretStoreFailure.NotFound)
        {
            return null;
        }
    }

    private async Task<string> WriteCopyAsync(Uri vault, KeyVaultSecret source, string sourceVersion, CancellationToken ct)
    {
        var copy = new KeyVaultSecret(source.Name, source.Value);
        copy.Properties.ContentType = source.Properties.ContentType;
        copy.Properties.ExpiresOn = source.Properties.ExpiresOn;
        copy.Properties.NotBefore = source.Properties.NotBefore;
        foreach (var (key, value) in source.Properties.Tags)
        {
            copy.Properties.Tags[key] = value;
        }
        copy.Properties.Tags[SecretVault.Tag.CopiedFrom] = sourceVersion;
        var client = clients.For(vault);
        await clients.AcquireCopyWriteAsync(vault, ct);
        try
        {
            return (await Call(vault, source.Name, () => client.SetSecretAsync(copy, ct))).Value.Properties.Version;
        }
        catch (SecretStoreException e) when (e.InnerException is RequestFailedException { Status: 409 })
        {
            // The name is deleted but recoverable there (an earlier migration moved the hub away from this vault):
            // recover it, then find a copy made before it was deleted or write a new version.
            var recovery = await Call(vault, source.Name, () => client.StartRecoverDeletedSecretAsync(source.Name, ct));
            await recovery.WaitForCompletionAsync(DeletePollInterval, ct);
            return await FindCopyAsync(vault, source.Name, sourceVersion, ct)
                ?? (await Call(vault, source.Name, () => client.SetSecretAsync(copy, ct))).Value.Properties.Version;
        }
    }

    public async IAsyncEnumerable<StoredSecret> ListAsync(Uri vault, string namePrefix,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var pages = clients.For(vault).GetPropertiesOfSecretsAsync(ct).AsPages().GetAsyncEnumerator(ct);
        try
        {
            while (await Call(vault, namePrefix + "*", async () => await pages.MoveNextAsync()))
            {
                foreach (var secret in pages.Current.Values.Where(s => s.Name.StartsWith(namePrefix, StringComparison.OrdinalIgnoreCase)))
                {
                    yield return new StoredSecret(secret.Name, secret.Tags.AsReadOnly(), secret.UpdatedOn ?? secret.CreatedOn);
                }
            }
        }
        finally
        {
            await pages.DisposeAsync();
        }
    }

    private static async Task<T> Call<T>(Uri vault, string name, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RequestFailedException e)
        {
            var failure = e switch
            {
                { Status: 404 } => SecretStoreFailure.NotFound,
                // Key Vault says "Forbidden" with the inner code SecretDisabled for a disabled version.
                { Status: 403 } when e.Message.Contains("SecretDisabled", StringComparison.Ordinal) => SecretStoreFailure.VersionDisabled,
                { Status: 401 or 403 } => SecretStoreFailure.Forbidden,
                { Status: 400 } => SecretStoreFailure.Rejected,
                _ => SecretStoreFailure.Unavailable,
            };
            throw new SecretStoreException(failure, $"Key Vault {vault.Host} answered {e.Status} ({e.ErrorCode}) for secret '{name}'.", e);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Azure.Identity.AuthenticationFailedException
            // The SDK gives up on a vault it cannot reach after its retries with all the attempts' errors.
            or AggregateException)
        {
            throw new SecretStoreException(SecretStoreFailure.Unavailable, $"Key Vault {vault.Host} could not be reached for secret '{name}'.", e);
        }
    }
}
