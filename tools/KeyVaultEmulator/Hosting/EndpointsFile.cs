using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.KeyVaultEmulator.Hosting;

/// <summary>
/// <c>DIR/endpoints.json</c>: where everything listens. Written only once every listener is up
/// (and again when a vault is added), removed on a clean shutdown and at start, so a script that
/// waits for the file never finds a stale one.
/// </summary>
public sealed record EndpointsDocument(
    [property: JsonPropertyName("admin")] string Admin,
    [property: JsonPropertyName("certificate")] string Certificate,
    [property: JsonPropertyName("vaults")] IReadOnlyDictionary<string, string> Vaults)
{
    public const string FileName = "endpoints.json";

    public static EndpointsDocument Read(string path) =>
        JsonSerializer.Deserialize<EndpointsDocument>(File.ReadAllBytes(path), EmulatorJson.Options)
        ?? throw new InvalidDataException($"{path} is empty.");

    internal void Write(string path) => AtomicFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(this, EmulatorJson.Indented), ownerOnly: false);
}
