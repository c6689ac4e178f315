using System.Text.Json;
using Azure;
using Azure.Security.KeyVault.Secrets;
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
