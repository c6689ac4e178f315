using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using Switchboard.KeyVaultEmulator.Tests.Infrastructure;

namespace Switchboard.KeyVaultEmulator.Tests;

/// <summary>wrapkey and unwrapkey with real RSA: what the emulator wraps, only its private key unwraps, and vice versa.</summary>
public sealed class KeyWrapTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Theory]
    [InlineData("RSA-OAEP")]
    [InlineData("RSA-OAEP-256")]
    public async Task A_wrapped_data_key_unwraps_to_itself_and_names_the_key_version(string alg)
    {
        using var keys = KeysApi.For(emulator);
        var (_, bundle) = await keys.CreateRsaAsync(EmulatorFixture.Unique("key"));
        var path = KeysApi.VersionPath(bundle);
        var dataKey = RandomNumberGenerator.GetBytes(32);

        var (wrapStatus, wrapped) = await keys.WrapAsync(path, dataKey, alg);
        var (unwrapStatus, unwrapped) = await keys.UnwrapAsync(path, wrapped.GetProperty("value").GetString()!, alg);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (wrapStatus, unwrapStatus));
        var kid = bundle.GetProperty("key").GetProperty("kid").GetString();
        Assert.Equal(kid, wrapped.GetProperty("kid").GetString());
        Assert.Equal(kid, unwrapped.GetProperty("kid").GetString());
        Assert.Equal(256, Base64Url.DecodeFromChars(wrapped.GetProperty("value").GetString()).Length);
        Assert.Equal(dataKey, Base64Url.DecodeFromChars(unwrapped.GetProperty("value").GetString()));
    }

    [Fact]
    public async Task A_value_encrypted_locally_with_the_public_JSON_Web_Key_unwraps_in_the_vault()
    {
        using var keys = KeysApi.For(emulator);
        var (_, bundle) = await keys.CreateRsaAsync(EmulatorFixture.Unique("key"), 3072);
        var jwk = bundle.GetProperty("key");
        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = Base64Url.DecodeFromChars(jwk.GetProperty("n").GetString()),
            Exponent = Base64Url.DecodeFromChars(jwk.GetProperty("e").GetString()),
        });
        var dataKey = RandomNumberGenerator.GetBytes(32);

        var (status, unwrapped) = await keys.UnwrapAsync(
            KeysApi.VersionPath(bundle), Base64Url.EncodeToString(rsa.Encrypt(dataKey, RSAEncryptionPadding.OaepSHA256)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(dataKey, Base64Url.DecodeFromChars(unwrapped.GetProperty("value").GetString()));
    }

    [Fact]
    public async Task Without_a_version_the_latest_wraps_and_an_older_version_still_unwraps_what_it_wrapped()
    {
        using var keys = KeysApi.For(emulator);
        var name = EmulatorFixture.Unique("key");
        var (_, first) = await keys.CreateRsaAsync(name);
        var (_, wrappedByFirst) = await keys.WrapAsync($"keys/{name}", [7, 7, 7]);
        var (_, second) = await keys.CreateRsaAsync(name);

        var (_, wrappedByLatest) = await keys.WrapAsync($"keys/{name}", [8, 8, 8]);
        var (oldStatus, old) = await keys.UnwrapAsync(KeysApi.VersionPath(first), wrappedByFirst.GetProperty("value").GetString()!);
        var (wrongStatus, wrong) = await keys.UnwrapAsync(KeysApi.VersionPath(second), wrappedByFirst.GetProperty("value").GetString()!);

        Assert.Equal(first.GetProperty("key").GetProperty("kid").GetString(), wrappedByFirst.GetProperty("kid").GetString());
        Assert.Equal(second.GetProperty("key").GetProperty("kid").GetString(), wrappedByLatest.GetProperty("kid").GetString());
        Assert.Equal(HttpStatusCode.OK, oldStatus);
        Assert.Equal([7, 7, 7], Base64Url.DecodeFromChars(old.GetProperty("value").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "BadParameter"), (wrongStatus, KeysApi.ErrorCode(wrong)));
    }

    [Theory]
    [InlineData("A256KW")]
    [InlineData("ES256")]
    public async Task An_algorithm_that_is_not_for_RSA_answers_400_BadParameter(string alg)
    {
        using var keys = KeysApi.For(emulator);
        var (_, bundle) = await keys.CreateRsaAsync(EmulatorFixture.Unique("key"));

        var (status, body) = await keys.WrapAsync(KeysApi.VersionPath(bundle), [1], alg);

        Assert.Equal((HttpStatusCode.BadRequest, "BadParameter"), (status, KeysApi.ErrorCode(body)));
    }

    [Fact]
    public async Task A_value_too_long_for_the_key_or_not_base64url_answers_400_BadParameter()
    {
        using var keys = KeysApi.For(emulator);
        var (_, bundle) = await keys.CreateRsaAsync(EmulatorFixture.Unique("key"));
        var path = KeysApi.VersionPath(bundle);

        var (longStatus, _) = await keys.WrapAsync(path, new byte[300]);
        var (garbageStatus, garbage) = await keys.UnwrapAsync(path, "not base64url!");

        Assert.Equal(HttpStatusCode.BadRequest, longStatus);
        Assert.Equal((HttpStatusCode.BadRequest, "BadParameter"), (garbageStatus, KeysApi.ErrorCode(garbage)));
    }

    [Fact]
    public async Task An_expired_key_unwraps_but_wraps_nothing_new()
    {
        using var keys = KeysApi.For(emulator);
        var (_, bundle) = await keys.CreateRsaAsync(EmulatorFixture.Unique("key"));
        var path = KeysApi.VersionPath(bundle);
        var (_, wrapped) = await keys.WrapAsync(path, [5]);

        await keys.UpdateAsync(path, new { attributes = new { exp = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds() } });
        var (wrapStatus, _) = await keys.WrapAsync(path, [5]);
        var (unwrapStatus, _) = await keys.UnwrapAsync(path, wrapped.GetProperty("value").GetString()!);

        Assert.Equal(HttpStatusCode.Forbidden, wrapStatus);
        Assert.Equal(HttpStatusCode.OK, unwrapStatus);
    }
}
