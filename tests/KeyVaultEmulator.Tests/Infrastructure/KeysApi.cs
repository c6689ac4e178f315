using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Switchboard.KeyVaultEmulator.Tests.Infrastructure;

/// <summary>
/// The Key Vault keys REST API over a pinned-certificate HttpClient with a bearer token, as a
/// client without the Keys SDK (which is not served here) calls it. Each call answers the status
/// and the JSON body, so tests can look at error bodies as much as at bundles.
/// </summary>
internal sealed class KeysApi(HttpClient http) : IDisposable
{
    private const string Version = "?api-version=7.6";

    public static KeysApi For(EmulatorFixture emulator, Uri? vault = null)
    {
        var http = emulator.RawClient(vault);
        http.DefaultRequestHeaders.Authorization = new("Bearer", "token");
        return new KeysApi(http);
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> CreateAsync(string name, object body) => SendAsync(HttpMethod.Post, $"keys/{name}/create", body);

    public Task<(HttpStatusCode Status, JsonElement Body)> CreateRsaAsync(string name, int size = 2048, string kty = "RSA") =>
        CreateAsync(name, new { kty, key_size = size });

    public Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<(HttpStatusCode Status, JsonElement Body)> UpdateAsync(string path, object body) => SendAsync(HttpMethod.Patch, path, body);

    public Task<(HttpStatusCode Status, JsonElement Body)> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    public Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path) => SendAsync(HttpMethod.Post, path, new { });

    public Task<(HttpStatusCode Status, JsonElement Body)> WrapAsync(string keyPath, byte[] value, string alg = "RSA-OAEP-256") =>
        SendAsync(HttpMethod.Post, $"{keyPath}/wrapkey", new { alg, value = Base64Url.EncodeToString(value) });

    public Task<(HttpStatusCode Status, JsonElement Body)> UnwrapAsync(string keyPath, string value, string alg = "RSA-OAEP-256") =>
        SendAsync(HttpMethod.Post, $"{keyPath}/unwrapkey", new { alg, value });

    /// <summary>The path of a key version, <c>keys/{name}/{version}</c>, from a bundle's <c>key.kid</c>.</summary>
    public static string VersionPath(JsonElement bundle) => new Uri(bundle.GetProperty("key").GetProperty("kid").GetString()!).AbsolutePath.TrimStart('/');

    public static string? ErrorCode(JsonElement body) => body.GetProperty("error").GetProperty("code").GetString();

    private async Task<(HttpStatusCode, JsonElement)> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path + Version);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public void Dispose() => http.Dispose();
}
