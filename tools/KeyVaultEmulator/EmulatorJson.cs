using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.KeyVaultEmulator;

/// <summary>
/// One JSON setting for every response: camelCase like Key Vault, absent rather than null, and
/// no \u escapes for '+' or quotes (the service writes "Recoverable+Purgeable" as it is). The
/// relaxed encoder is safe here: nothing the emulator writes is embedded in HTML.
/// </summary>
internal static class EmulatorJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };
}
