using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Switchboard.Infra.Tests;

/// <summary>
/// A compiled ARM template, read the way the tests need it: every resource, including those in the
/// nested deployments that Bicep modules compile to, with property names matched case-insensitively
/// as ARM matches them.
/// </summary>
internal sealed partial class ArmTemplate(JsonObject root, string text)
{
    public JsonObject Root { get; } = root;

    /// <summary>The template as written, for searches that must cover every expression.</summary>
    public string Text { get; } = text;

    public static ArmTemplate Load(string path)
    {
        var text = File.ReadAllText(path);
        return new ArmTemplate(JsonNode.Parse(text)!.AsObject(), text);
    }

    /// <summary>This template and every template nested in it.</summary>
    public IEnumerable<JsonObject> Templates() => TemplatesUnder(Root);

    /// <summary>Every resource of every template, with the template it is declared in.</summary>
    public IEnumerable<ArmResource> Resources() =>
        Templates().SelectMany(template => ResourcesOf(template).Select(resource => new ArmResource(resource, template)));

    public IEnumerable<ArmResource> Resources(string type) =>
        Resources().Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    public ArmResource Single(string type)
    {
        var matches = Resources(type).ToList();
        Assert.True(matches.Count == 1, $"Expected one resource of type {type}, found {matches.Count}.");
        return matches[0];
    }

    /// <summary>The nested deployment a module compiles to, by the module's deployment name.</summary>
    public ArmResource Module(string name) =>
        Resources("Microsoft.Resources/deployments").Single(d => d.Name == name);

    public static JsonNode? Get(JsonNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not JsonObject obj)
            {
                return null;
            }
            node = obj.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
        }
        return node;
    }

    private static IEnumerable<JsonObject> TemplatesUnder(JsonObject template)
    {
        yield return template;
        foreach (var resource in ResourcesOf(template))
        {
            if (Get(resource, "properties", "template") is JsonObject nested)
            {
                foreach (var inner in TemplatesUnder(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    // languageVersion 1.0 lists resources; 2.0 keys them by symbolic name.
    private static IEnumerable<JsonObject> ResourcesOf(JsonObject template) => Get(template, "resources") switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject map => map.Select(p => p.Value).OfType<JsonObject>(),
        _ => [],
    };

    [GeneratedRegex(@"variables\('(?<name>[^']+)'\)")]
    internal static partial Regex VariableReference();
}

internal sealed record ArmResource(JsonObject Json, JsonObject Template)
{
    public string Type => (string?)ArmTemplate.Get(Json, "type") ?? "";

    public string Name => (string?)ArmTemplate.Get(Json, "name") ?? "";

    public JsonNode? Condition => ArmTemplate.Get(Json, "condition");

    public JsonNode? this[params string[] path] => ArmTemplate.Get(Json, path);

    public JsonObject Properties => ArmTemplate.Get(Json, "properties") as JsonObject ?? [];

    /// <summary>The default value of one of the declaring template's parameters.</summary>
    public JsonNode? ParameterDefault(string name) => ArmTemplate.Get(Template, "parameters", name, "defaultValue");

    /// <summary>An expression with <c>variables('x')</c> replaced by x's value where that is a string.</summary>
    public string ResolveVariables(string expression) =>
        ArmTemplate.VariableReference().Replace(expression, match =>
            ArmTemplate.Get(Template, "variables", match.Groups["name"].Value) is JsonValue value
            && value.TryGetValue(out string? text) ? $"'{text}'" : match.Value);
}
