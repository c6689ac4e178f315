using System.Text.Json;
using DurableTask.Core.Serializing;

namespace Switchboard.Server.Durable;

/// <summary>
/// Writes orchestration inputs the way the Durable Task shims read them (System.Text.Json, default options):
/// <see cref="DurableTask.Core.TaskHubClient"/> would otherwise use Newtonsoft.Json.
/// </summary>
internal sealed class SystemTextJsonConverter : DataConverter
{
    public override string? Serialize(object? value) => Serialize(value, false);

    public override string? Serialize(object? value, bool formatted) =>
        value is null ? null : JsonSerializer.Serialize(value, value.GetType(), formatted ? Indented : JsonSerializerOptions.Default);

    public override object? Deserialize(string? data, Type objectType) =>
        data is null ? null : JsonSerializer.Deserialize(data, objectType, JsonSerializerOptions.Default);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
