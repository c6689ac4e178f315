using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using Switchboard.KeyVaultEmulator.Tests.Infrastructure;

namespace Switchboard.KeyVaultEmulator.Tests;

/// <summary>RSA keys in Key Vault's REST shapes: create, read, list, update, and the JSON Web Key they answer.</summary>
public sealed class KeyTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Theory]
    [InlineData("RSA", 2048)]
    [InlineData("RSA", 3072)]
    [InlineData("RSA-HSM", 4096)]
    public async Task Creating_an_RSA_key_answers_a_KeyBundle_with_the_public_JSON_Web_Key_only(string kty, int size)
    {
        using var keys = KeysApi.For(emulator);
        var name = EmulatorFixture.Unique("key");

        var (status, bundle) = await keys.CreateRsaAsync(name, size, kty);

        Assert.Equal(HttpStatusCode.OK, status);
        var key = bundle.GetProperty("key");
        Assert.Matches($"^{emulator.MainVault}keys/{name}/[0-9a-f]{{32}}$", key.GetProperty("kid").GetString());
        Assert.Equal(kty, key.GetProperty("kty").GetString());
        Assert.Equal(size / 8, Base64Url.DecodeFromChars(key.GetProperty("n").GetString()).Length);
        Assert.Equal("AQAB", key.GetProperty("e").GetString());
        Assert.Equal(["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"], key.GetProperty("key_ops").EnumerateArray().Select(o => o.GetString()));
        Assert.False(key.TryGetProperty("d", out _));
        var attributes = bundle.GetProperty("attributes");
        Assert.True(attributes.GetProperty("enabled").GetBoolean());
        Assert.Equal("Recoverable+Purgeable", attributes.GetProperty("recoveryLevel").GetString());
        Assert.Equal(90, attributes.GetProperty("recoverableDays").GetInt32());
    }

    [Theory]
    [InlineData("RSA", 1024)]
    [InlineData("RSA", 2047)]
    [InlineData("EC", 2048)]
    [InlineData("oct", 2048)]
    public async Task A_key_type_or_size_the_service_does_not_offer_answers_400_BadParameter(string kty, int size)
    {
        using var keys = KeysApi.For(emulator);

        var (status, body) = await keys.CreateRsaAsync(EmulatorFixture.Unique("key"), size, kty);

        Assert.Equal((HttpStatusCode.BadRequest, "BadParameter"), (status, KeysApi.ErrorCode(body)));
    }

    [Fact]
    public async Task A_second_create_adds_a_version_readable_by_version_and_listed_oldest_first()
    {
        using var keys = KeysApi.For(emulator);
        var name = EmulatorFixture.Unique("key");
        var (_, first) = await keys.CreateRsaAsync(name);
        var (_, second) = await keys.CreateRsaAsync(name);

        var (_, latest) = await keys.GetAsync($"keys/{name}");
        var (_, old) = await keys.GetAsync(KeysApi.VersionPath(first));
        var (_, versions) = await keys.GetAsync($"keys/{name}/versions");
        var (_, all) = await keys.GetAsync("keys");

        Assert.Equal(Kid(second), Kid(latest));
        Assert.Equal(Kid(first), Kid(old));
        Assert.Equal(first.GetProperty("key").GetProperty("n").GetString(), old.GetProperty("key").GetProperty("n").GetString());
        Assert.Equal([Kid(first), Kid(second)], versions.GetProperty("value").EnumerateArray().Select(i => i.GetProperty("kid").GetString()));
        Assert.Contains($"{emulator.MainVault}keys/{name}", all.GetProperty("value").EnumerateArray().Select(i => i.GetProperty("kid").GetString()));
    }

    [Fact]
    public async Task An_unknown_key_or_version_answers_404_KeyNotFound()
    {
        using var keys = KeysApi.For(emulator);
        var name = EmulatorFixture.Unique("key");
        await keys.CreateRsaAsync(name);

        var (unknownStatus, unknown) = await keys.GetAsync($"keys/{EmulatorFixture.Unique("none")}");
        var (versionStatus, version) = await keys.GetAsync($"keys/{name}/{Guid.NewGuid():N}");

        Assert.Equal((HttpStatusCode.NotFound, "KeyNotFound"), (unknownStatus, KeysApi.ErrorCode(unknown)));
        Assert.Equal((HttpStatusCode.NotFound, "KeyNotFound"), (versionStatus, KeysApi.ErrorCode(version)));
    }

    [Fact]
    public async Task A_disabled_key_is_still_readable_but_refuses_wrap_and_unwrap_with_403_until_enabled()
    {
        using var keys = KeysApi.For(emulator);
        var (_, bundle) = await keys.CreateRsaAsync(EmulatorFixture.Unique("key"));
        var path = KeysApi.VersionPath(bundle);
        var (_, wrapped) = await keys.WrapAsync(path, RandomNumberGenerator.GetBytes(32));

        var (_, disabled) = await keys.UpdateAsync(path, new { attributes = new { enabled = false } });
        var (readStatus, read) = await keys.GetAsync(path);
        var (wrapStatus, wrapError) = await keys.WrapAsync(path, RandomNumberGenerator.GetBytes(32));
        var (unwrapStatus, _) = await keys.UnwrapAsync(path, wrapped.GetProperty("value").GetString()!);
        await keys.UpdateAsync(path, new { attributes = new { enabled = true } });
        var (againStatus, _) = await keys.UnwrapAsync(path, wrapped.GetProperty("value").GetString()!);

        Assert.False(disabled.GetProperty("attributes").GetProperty("enabled").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, readStatus);
        Assert.False(read.GetProperty("attributes").GetProperty("enabled").GetBoolean());
        Assert.Equal((HttpStatusCode.Forbidden, "Forbidden"), (wrapStatus, KeysApi.ErrorCode(wrapError)));
        Assert.Equal(HttpStatusCode.Forbidden, unwrapStatus);
        Assert.Equal(HttpStatusCode.OK, againStatus);
    }

    [Fact]
    public async Task Key_ops_without_wrapKey_refuse_wrapping_until_an_update_allows_it()
    {
        using var keys = KeysApi.For(emulator);
        var (_, bundle) = await keys.CreateAsync(EmulatorFixture.Unique("key"), new { kty = "RSA", key_size = 2048, key_ops = new[] { "sign", "verify" } });
        var path = KeysApi.VersionPath(bundle);

        var (refused, _) = await keys.WrapAsync(path, [1, 2, 3]);
        var (_, updated) = await keys.UpdateAsync(path, new { key_ops = new[] { "wrapKey", "unwrapKey" } });
        var (allowed, _) = await keys.WrapAsync(path, [1, 2, 3]);

        Assert.Equal(["sign", "verify"], bundle.GetProperty("key").GetProperty("key_ops").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Equal(["wrapKey", "unwrapKey"], updated.GetProperty("key").GetProperty("key_ops").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(HttpStatusCode.OK, allowed);
    }

    [Fact]
    public async Task Unknown_key_ops_answer_400_BadParameter()
    {
        using var keys = KeysApi.For(emulator);

        var (status, body) = await keys.CreateAsync(EmulatorFixture.Unique("key"), new { kty = "RSA", key_ops = new[] { "wrapKey", "launch" } });

        Assert.Equal((HttpStatusCode.BadRequest, "BadParameter"), (status, KeysApi.ErrorCode(body)));
    }

    private static string? Kid(System.Text.Json.JsonElement bundle) => bundle.GetProperty("key").GetProperty("kid").GetString();
}
