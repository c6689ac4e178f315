using Switchboard.Core.Connections;
using Switchboard.Core.Errors;
using Switchboard.Core.Providers;

namespace Switchboard.Core.Tests;

public class ConnectionValidatorTests
{
    private readonly ConnectionValidator validator = new(new ConfigurationReferences(ConfigurationReferences.DefaultPrefixes));

    private static ConnectionInput OpenAI(IReadOnlyDictionary<string, string>? credentials = null) => new(
        "openai-prod", null, "OpenAI", "https://api.openai.com/v1", "ApiKey",
        credentials ?? new Dictionary<string, string> { ["key"] = "sk-1" }, null, null, null, null, null, null);

    private static SwitchboardException Refused(Action validate) => Assert.Throws<SwitchboardException>(validate);

    [Fact]
    public void LiteralsAndReferencesAreSeparated()
    {
        var valid = validator.Validate(OpenAI(new Dictionary<string, string> { ["key"] = "$References:OpenAI:Key" }), isHubScope: true);

        Assert.Empty(valid.Literals!);
        Assert.Equal("$References:OpenAI:Key", valid.References!["key"]);
        Assert.Equal(["key"], valid.CredentialFields);
    }

    [Fact]
    public void TheNameDefaultsToTheAlias() => Assert.Equal("openai-prod", validator.Validate(OpenAI(), true).Name);

    [Fact]
    public void AllErrorsAreReportedTogetherByField()
    {
        var input = new ConnectionInput("bad alias", null, "Nope", "ftp://x", "Magic", null, null, null, null, null, null, null);

        var error = Refused(() => validator.Validate(input, true));

        Assert.Equal(ErrorCode.ValidationFailed, error.Code);
        Assert.Equal(["alias", "authType", "provider", "target"], error.Errors!.Keys.Order());
    }

    [Fact]
    public void NumericAuthTypesAreNotNames() =>
        Assert.True(Refused(() => validator.Validate(OpenAI() with { AuthType = "0" }, true)).Errors!.ContainsKey("authType"));

    [Fact]
    public void UnknownCredentialFieldsAreRefused() =>
        Assert.True(Refused(() => validator.Validate(OpenAI(new Dictionary<string, string> { ["key"] = "k", ["extra"] = "x" }), true))
            .Errors!.ContainsKey("credentials.extra"));

    [Fact]
    public void UnknownSettingsAreRefused() =>
        Assert.True(Refused(() => validator.Validate(OpenAI() with { Settings = new Dictionary<string, string> { ["colour"] = "blue" } }, true))
            .Errors!.ContainsKey("settings.colour"));

    [Fact]
    public void CustomKeysTakeFreeFormNamesButNotNone()
    {
        var input = new ConnectionInput("custom", null, "CustomEndpoint", "https://c.example/", "CustomKeys",
            new Dictionary<string, string> { ["x-client-id"] = "1", ["secret"] = "2" }, null, null, null, null, null, null);

        Assert.Equal(2, validator.Validate(input, true).Literals!.Count);
        Refused(() => validator.Validate(input with { Credentials = new Dictionary<string, string>() }, true));
        Refused(() => validator.Validate(input with { Credentials = new Dictionary<string, string> { ["9bad"] = "x" } }, true));
    }

    [Fact]
    public void AReferenceOutsideTheAllowListIsItsOwnError()
    {
        var error = Refused(() => validator.Validate(OpenAI(new Dictionary<string, string> { ["key"] = "$ConnectionStrings:Main" }), true));

        Assert.Equal(ErrorCode.ConfigurationReferenceNotAllowed, error.Code);
        Assert.DoesNotContain("ConnectionStrings", error.Message);
    }

    [Theory]
    [InlineData("$References:")]
    [InlineData("$References")]
    [InlineData("$References:a b")]
    [InlineData("$")]
    public void MalformedReferencesAreRefused(string reference) =>
        Assert.Equal(ErrorCode.ConfigurationReferenceNotAllowed,
            Refused(() => validator.Validate(OpenAI(new Dictionary<string, string> { ["key"] = reference }), true)).Code);

    [Fact]
    public void MissingCredentialsMeanKeepThemOnlyWhenAllowed()
    {
        Assert.Null(validator.Validate(OpenAI() with { Credentials = null }, true, credentialsOptional: true).Literals);
        Refused(() => validator.Validate(OpenAI() with { Credentials = null }, true));
    }

    [Fact]
    public void RotationDurationsAreIso8601AndBounded()
    {
        var valid = validator.Validate(OpenAI() with { Rotation = new RotationInput("P14D", true, "PT12H", "P90D") }, true);

        Assert.Equal(TimeSpan.FromDays(14), valid.Rotation.NotifyBefore);
        Assert.Equal(TimeSpan.FromHours(12), valid.Rotation.GracePeriod);
        Assert.Equal(TimeSpan.FromDays(90), valid.Rotation.ValidityPeriod);
        Refused(() => validator.Validate(OpenAI() with { Rotation = new RotationInput("14 days", null, null, null) }, true));
        Refused(() => validator.Validate(OpenAI() with { Rotation = new RotationInput("P30D", null, null, "P10D") }, true));
        Refused(() => validator.Validate(OpenAI() with { Rotation = new RotationInput(null, null, "P60D", null) }, true));
    }

    [Fact]
    public void OnlyHubConnectionsAreSharedWithListedProjects()
    {
        var shared = OpenAI() with { SharedWith = new SharedWith(["proj-a"]) };

        Assert.False(validator.Validate(shared, isHubScope: true).SharedWith.IsAll);
        Refused(() => validator.Validate(shared, isHubScope: false));
    }

    [Fact]
    public void HttpTargetsNeedTheDevelopmentSwitch()
    {
        var http = OpenAI() with { Target = "http://probe-standin.internal:5000/v1" };

        Refused(() => validator.Validate(http, true));
        Assert.Equal("http", new ConnectionValidator(new ConfigurationReferences(["References:"]), allowHttpTargets: true).Validate(http, true).Target.Scheme);
    }

    [Fact]
    public void EveryProviderDeclaresAtLeastOneAuthTypeAndOnlyProbesAFieldItHas()
    {
        foreach (var provider in ProviderCatalog.All)
        {
            Assert.NotEmpty(provider.AuthTypes);
            if (provider.Probe is { } probe)
            {
                Assert.Contains(provider.AuthTypes.Values, fields => fields.Any(f => f.Name == probe.CredentialField));
            }
        }
    }
}
