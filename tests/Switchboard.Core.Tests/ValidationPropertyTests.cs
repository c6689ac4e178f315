using CsCheck;
using Switchboard.Core.Connections;
using Switchboard.Core.Errors;
using Switchboard.Core.Expiry;

namespace Switchboard.Core.Tests;

/// <summary>
/// For arbitrary input the rules answer a validation problem or a valid connection, never another exception,
/// and what they accept keeps the domain's date arithmetic total.
/// </summary>
public class ValidationPropertyTests
{
    private static readonly ConnectionValidator Validator = new(new ConfigurationReferences(ConfigurationReferences.DefaultPrefixes));

    private static Gen<T?> OrNull<T>(Gen<T> gen) where T : class => Gen.Select(Gen.Int[0, 4], gen, (n, v) => n == 0 ? null : v);

    private static readonly Gen<string> Text = Gen.OneOf<string>(
        Gen.String,
        Gen.OneOf("", " ", "openai-prod", "-x", "a--b", "$References:OpenAI:Key", "$Other:Key", "\u0000", new string('a', 300)));

    private static readonly Gen<string> Duration = Gen.OneOf<string>(
        Text,
        Gen.OneOf("P30D", "PT1H", "P3650000D", "P10675199D", "-P1D", "PT0S", "P365D", "P366D", "P99999999999D", "P1Y2M3DT4H5M6S", "PT0.5S"));

    private static readonly Gen<DateTimeOffset?> Date = Gen.OneOf<DateTimeOffset?>(
        Gen.Const((DateTimeOffset?)null),
        Gen.OneOf<DateTimeOffset?>(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, DateTimeOffset.UnixEpoch,
            new DateTimeOffset(9000, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(1969, 12, 31, 23, 59, 59, TimeSpan.Zero)),
        Gen.DateTime.Select(d => (DateTimeOffset?)new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc))));

    private static readonly Gen<IReadOnlyDictionary<string, string>?> Fields = OrNull(
        Gen.Dictionary(Gen.OneOf<string>(Text, Gen.OneOf("key", "apiKeyHeader", "organization", "deployment")), Text)[0, 4]
            .Select(d => (IReadOnlyDictionary<string, string>)d));

    private static readonly Gen<RotationInput?> Rotation = OrNull(Gen.Select(OrNull(Duration), Gen.Bool, OrNull(Duration), OrNull(Duration),
        (notify, auto, grace, validity) => new RotationInput(notify, auto, grace, validity)));

    private static readonly Gen<ConnectionInput> Input = Gen.Select(
        Gen.Select(OrNull(Text), OrNull(Text), OrNull(Gen.OneOf<string>(Text, Gen.OneOf("OpenAI", "AzureOpenAI", "CustomEndpoint", "AzureStorage")))),
        Gen.Select(OrNull(Gen.OneOf<string>(Text, Gen.OneOf("https://api.openai.com/v1", "https://127.0.0.1/", "http://x/", "https://u:p@x/", "https://[::1]/"))),
            OrNull(Gen.OneOf<string>(Text, Gen.OneOf("ApiKey", "None", "1", "EntraId")))),
        Gen.Select(Fields, Fields, Fields),
        Gen.Select(Date, Rotation),
        (names, where, fields, when) => new ConnectionInput(names.Item1, names.Item2, names.Item3, where.Item1, where.Item2,
            fields.Item1, fields.Item2, null, when.Item1, when.Item2, null, fields.Item3));

    [Fact]
    public void ValidationAnswersAProblemOrAConnectionNeverAnotherException()
    {
        var now = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);
        Input.Sample(input =>
        {
            ValidConnection valid;
            try
            {
                valid = Validator.Validate(input, isHubScope: true);
            }
            catch (SwitchboardException e) when (e.Code is ErrorCode.ValidationFailed or ErrorCode.ConfigurationReferenceNotAllowed)
            {
                return;
            }
            // What was accepted is safe for every date rule downstream.
            var expiresAt = valid.Rotation.ExpiryOfVersionWrittenAt(now, valid.ExpiresAt);
            _ = valid.Rotation.StatusOf(expiresAt, now);
            _ = ExpiryTracking.NextDue(expiresAt, valid.Rotation.NotifyBefore, CredentialStatus.Valid);
            Assert.True(expiresAt is null || expiresAt <= ConnectionValidator.LatestExpiry + ConnectionValidator.MaxValidityPeriod);
        }, iter: 3000);
    }
}
