using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Switchboard.Infra.Tests;

/// <summary>No template takes, makes or hands out a secret: everything connects by identity.</summary>
[Collection(CompiledTemplatesCollection.Name)]
public sealed partial class SecretTests(CompiledTemplates templates)
{
    public static TheoryData<string> Templates => new(Repository.Templates);

    [Theory]
    [MemberData(nameof(Templates))]
    public void NoTemplateCallsAListFunction(string template)
    {
        // listKeys, listSecrets, listCredentials, listConnectionStrings...: each returns a secret.
        var calls = ListCall().Matches(templates.Compiled(template).Text).Select(m => m.Value).ToList();

        Assert.True(calls.Count == 0, $"{template} calls {string.Join(", ", calls)}");
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void NoTemplateCarriesAKeyLiteral(string template)
    {
        var text = templates.Compiled(template).Text;

        Assert.DoesNotContain("AccountKey=", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("InstrumentationKey=", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SharedAccessSignature", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("code=", text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void NoParameterOrOutputIsSecure(string template)
    {
        // A secure parameter would mean the deployment needs a secret; a secure output would hand one out.
        foreach (var nested in templates.Compiled(template).Templates())
        {
            foreach (var section in new[] { "parameters", "outputs" })
            {
                if (ArmTemplate.Get(nested, section) is not JsonObject entries)
                {
                    continue;
                }
                foreach (var (name, entry) in entries)
                {
                    var type = (string?)ArmTemplate.Get(entry, "type");
                    Assert.False(type is not null && type.StartsWith("secure", StringComparison.OrdinalIgnoreCase),
                        $"{template}: {section} '{name}' is {type}.");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void NoOutputExposesAConnectionString(string template)
    {
        foreach (var nested in templates.Compiled(template).Templates())
        {
            if (ArmTemplate.Get(nested, "outputs") is not JsonObject outputs)
            {
                continue;
            }
            foreach (var (name, output) in outputs)
            {
                var value = ArmTemplate.Get(output, "value")?.ToJsonString() ?? "";
                Assert.DoesNotContain("ConnectionString", value, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("InstrumentationKey", value, StringComparison.OrdinalIgnoreCase);
                Assert.False(name.Contains("CONNECTION_STRING", StringComparison.OrdinalIgnoreCase), $"{template}: output '{name}'.");
            }
        }
    }

    [GeneratedRegex(@"\blist[A-Za-z]*\(")]
    private static partial Regex ListCall();
}
