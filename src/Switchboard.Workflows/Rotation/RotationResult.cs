using System.Text.Json.Serialization;

namespace Switchboard.Workflows.Rotation;

/// <summary>A finished rotation's output: the version that is now current.</summary>
public sealed record RotationResult([property: JsonPropertyName("secretVersion")] string SecretVersion);
