using System.Text.RegularExpressions;
using System.Xml;
using Switchboard.Core.Errors;
using Switchboard.Core.Providers;

namespace Switchboard.Core.Connections;

/// <summary>
/// The rules a connection must pass, all checked before anything is written. Field errors are collected
/// and reported together; messages name fields and never repeat a value, which may be a credential.
/// </summary>
public sealed partial class ConnectionValidator(ConfigurationReferences references, bool allowHttpTargets = false, NetworkRules? network = null)
{
    private const int MaxNameLength = 256;
    private const int MaxTargetLength = 2048;
    private const int MaxEntries = 20;
    private const int MaxSettingLength = 1024;
    private const int MaxCredentialLength = 8192;
    private const int MaxMetadataKeyLength = 64;
    private const int MaxMetadataValueLength = 256;

    /// <summary>Key Vault stores a version's expiry in Unix seconds, so nothing before 1970; nothing past 9000
    /// either, so that adding any allowed duration to it stays within <see cref="DateTimeOffset"/>'s range.</summary>
    public static readonly DateTimeOffset EarliestExpiry = DateTimeOffset.UnixEpoch;
    public static readonly DateTimeOffset LatestExpiry = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan MaxValidityPeriod = TimeSpan.FromDays(3650);

    /// <summary>
    /// Validates a whole connection. With <paramref name="credentialsOptional"/> (an update that does not touch
    /// them), missing credentials mean "keep the ones stored".
    /// </summary>
    public ValidConnection Validate(ConnectionInput input, bool isHubScope, bool credentialsOptional = false)
    {
        var errors = new Errors();

        if (!Names.IsValidAlias(input.Alias))
        {
            errors.Add("alias", "Required: 1-63 letters, digits and hyphens, starting with a letter or digit.");
        }
        var name = input.Name ?? input.Alias ?? "";
        if (name.Length > MaxNameLength)
        {
            errors.Add("name", $"At most {MaxNameLength} characters.");
        }

        var provider = ProviderCatalog.Find(input.Provider);
        if (provider is null)
        {
            errors.Add("provider", "Required: one of " + string.Join(", ", ProviderCatalog.All.Select(p => p.Id)) + ".");
        }

        var target = CheckTarget(input.Target, errors);
        var authType = CheckAuthType(input.AuthType, provider, errors);
        var settings = CheckSettings(input.Settings, provider, errors);
        var (literals, referenced) = CheckCredentials(input.Credentials, provider, authType, credentialsOptional, errors);
        var rotation = CheckRotation(input.Rotation, errors);
        if (input.ExpiresAt is { } expiresAt && (expiresAt < EarliestExpiry || expiresAt > LatestExpiry))
        {
            errors.Add("expiresAt", "A date between 1970-01-01 and 9000-01-01.");
        }
        CheckMetadata(input.Metadata, errors);
        if (input.SharedWith is { IsAll: false } shared)
        {
            if (!isHubScope)
            {
                errors.Add("sharedWith", "Only hub connections are shared with projects.");
            }
            foreach (var project in shared.Projects!.Where(p => !Names.IsValidResourceName(p)))
            {
                errors.Add("sharedWith", "Every entry must be a project name.");
            }
        }
        errors.ThrowIfAny();

        return new ValidConnection(
            input.Alias!, name, provider!, target!, authType!.Value, literals, referenced, settings,
            input.IsActive ?? true, input.ExpiresAt?.ToUniversalTime(), rotation,
            input.SharedWith ?? SharedWith.All, input.Metadata ?? new Dictionary<string, string>());
    }

    private Uri? CheckTarget(string? target, Errors errors)
    {
        if (string.IsNullOrWhiteSpace(target) || target.Length > MaxTargetLength
            || !Uri.TryCreate(target, UriKind.Absolute, out var uri)
            || !(uri.Scheme == Uri.UriSchemeHttps || (allowHttpTargets && uri.Scheme == Uri.UriSchemeHttp))
            || !string.IsNullOrEmpty(uri.UserInfo))
        {
            errors.Add("target", "Required: an absolute https URL without user information.");
            return null;
        }
        if (!(network ?? new NetworkRules()).AllowsHost(uri))
        {
            errors.Add("target", NetworkRules.RefusedDetail);
            return null;
        }
        return uri;
    }

    private static AuthType? CheckAuthType(string? value, Provider? provider, Errors errors)
    {
        if (!Enum.TryParse<AuthType>(value, ignoreCase: false, out var authType) || !Enum.IsDefined(authType) || int.TryParse(value, out _))
        {
            errors.Add("authType", "Required: one of " + string.Join(", ", Enum.GetNames<AuthType>()) + ".");
            return null;
        }
        if (provider is not null && !provider.AuthTypes.ContainsKey(authType))
        {
            errors.Add("authType", $"{provider.Id} allows " + string.Join(", ", provider.AuthTypes.Keys) + ".");
            return null;
        }
        return authType;
    }

    private Dictionary<string, string> CheckSettings(IReadOnlyDictionary<string, string>? settings, Provider? provider, Errors errors)
    {
        var given = settings ?? new Dictionary<string, string>();
        if (provider is null)
        {
            return new(given);
        }
        foreach (var spec in provider.Settings.Where(s => s.Required && string.IsNullOrWhiteSpace(given.GetValueOrDefault(s.Name))))
        {
            errors.Add($"settings.{spec.Name}", $"Required by {provider.Id}.");
        }
        foreach (var (key, value) in given)
        {
            if (provider.Settings.All(s => s.Name != key))
            {
                errors.Add($"settings.{key}", $"{provider.Id} has no such setting.");
            }
            else if (value is null || value.Length > MaxSettingLength)
            {
                errors.Add($"settings.{key}", $"A text of at most {MaxSettingLength} characters.");
            }
            else if (ConfigurationReferences.IsReference(value))
            {
                references.Check($"settings.{key}", value);
            }
        }
        return new(given);
    }

    private (Dictionary<string, string>?, Dictionary<string, string>?) CheckCredentials(
        IReadOnlyDictionary<string, string>? credentials, Provider? provider, AuthType? authType, bool optional, Errors errors)
    {
        if (credentials is null && optional)
        {
            return (null, null);
        }
        var given = credentials ?? new Dictionary<string, string>();
        if (provider is null || authType is null)
        {
            return (null, null);
        }

        if (Provider.HasFreeFormFields(authType.Value))
        {
            if (given.Count is 0 or > MaxEntries)
            {
                errors.Add("credentials", $"CustomKeys takes 1 to {MaxEntries} fields.");
            }
            foreach (var key in given.Keys.Where(k => !CustomKeyName().IsMatch(k)))
            {
                errors.Add("credentials", "Field names are 1-64 letters, digits, '-' and '_', starting with a letter.");
            }
        }
        else
        {
            var specs = provider.AuthTypes[authType.Value];
            foreach (var spec in specs.Where(s => s.Required && string.IsNullOrEmpty(given.GetValueOrDefault(s.Name))))
            {
                errors.Add($"credentials.{spec.Name}", $"Required for {provider.Id} with {authType}.");
            }
            foreach (var key in given.Keys.Where(k => specs.All(s => s.Name != k)))
            {
                errors.Add($"credentials.{key}", $"{provider.Id} with {authType} takes no such credential.");
            }
        }

        var literals = new Dictionary<string, string>();
        var referenced = new Dictionary<string, string>();
        foreach (var (key, value) in given)
        {
            if (string.IsNullOrEmpty(value) || value.Length > MaxCredentialLength)
            {
                errors.Add($"credentials.{key}", $"A text of 1 to {MaxCredentialLength} characters.");
            }
            else if (ConfigurationReferences.IsReference(value))
            {
                references.Check($"credentials.{key}", value);
                referenced[key] = value;
            }
            else
            {
                literals[key] = value;
            }
        }
        return (literals, referenced);
    }

    private static RotationPolicy CheckRotation(RotationInput? input, Errors errors)
    {
        var defaults = RotationPolicy.Default;
        if (input is null)
        {
            return defaults;
        }
        var notifyBefore = Duration(input.NotifyBefore, "rotation.notifyBefore", errors) ?? defaults.NotifyBefore;
        var grace = Duration(input.GracePeriod, "rotation.gracePeriod", errors) ?? defaults.GracePeriod;
        var validity = Duration(input.ValidityPeriod, "rotation.validityPeriod", errors);
        if (notifyBefore > TimeSpan.FromDays(365))
        {
            errors.Add("rotation.notifyBefore", "At most P365D.");
        }
        if (grace > TimeSpan.FromDays(30))
        {
            errors.Add("rotation.gracePeriod", "At most P30D.");
        }
        if (validity is { } v && (v < TimeSpan.FromHours(1) || v <= notifyBefore || v > MaxValidityPeriod))
        {
            errors.Add("rotation.validityPeriod", "At least PT1H, longer than notifyBefore and at most P3650D.");
        }
        return new RotationPolicy(notifyBefore, input.AutoRotate ?? defaults.AutoRotate, grace, validity, TestMode(input.Test, errors) ?? defaults.Test);
    }

    private static RotationTestMode? TestMode(string? value, Errors errors)
    {
        switch (value)
        {
            case null:
                return null;
            case "required":
                return RotationTestMode.Required;
            case "ifReachable":
                return RotationTestMode.IfReachable;
            case "skip":
                return RotationTestMode.Skip;
            default:
                errors.Add("rotation.test", "One of required, ifReachable, skip.");
                return null;
        }
    }

    /// <summary>The API's spelling of a test mode (camelCase, as <see cref="TestMode"/> reads it).</summary>
    public static string NameOf(RotationTestMode mode) => mode switch
    {
        RotationTestMode.IfReachable => "ifReachable",
        RotationTestMode.Skip => "skip",
        _ => "required",
    };

    private static TimeSpan? Duration(string? value, string field, Errors errors)
    {
        if (value is null)
        {
            return null;
        }
        try
        {
            var duration = XmlConvert.ToTimeSpan(value);
            if (duration >= TimeSpan.Zero)
            {
                return duration;
            }
        }
        catch (FormatException)
        {
        }
        catch (OverflowException)
        {
        }
        errors.Add(field, "An ISO 8601 duration such as P30D or PT12H.");
        return null;
    }

    private static void CheckMetadata(IReadOnlyDictionary<string, string>? metadata, Errors errors)
    {
        if (metadata is null)
        {
            return;
        }
        if (metadata.Count > MaxEntries)
        {
            errors.Add("metadata", $"At most {MaxEntries} entries.");
        }
        foreach (var (key, value) in metadata)
        {
            if (key.Length is 0 or > MaxMetadataKeyLength || value is null || value.Length > MaxMetadataValueLength)
            {
                errors.Add("metadata", $"Keys of 1-{MaxMetadataKeyLength} and values of up to {MaxMetadataValueLength} characters.");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex CustomKeyName();

    private sealed class Errors
    {
        private readonly Dictionary<string, List<string>> byField = [];

        public void Add(string field, string message)
        {
            if (!byField.TryGetValue(field, out var list))
            {
                byField[field] = list = [];
            }
            if (!list.Contains(message))
            {
                list.Add(message);
            }
        }

        public void ThrowIfAny()
        {
            if (byField.Count > 0)
            {
                throw new SwitchboardException(ErrorCode.ValidationFailed,
                    "The connection is not valid: " + string.Join(", ", byField.Keys) + ".",
                    byField.ToDictionary(e => e.Key, e => e.Value.ToArray()));
            }
        }
    }
}
