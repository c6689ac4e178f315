using System.Text.RegularExpressions;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Switchboard.KeyVaultEmulator.Tests.Infrastructure;

namespace Switchboard.KeyVaultEmulator.Tests;

/// <summary>Setting and reading secrets with the real SecretClient.</summary>
public sealed partial class SecretValueTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex VersionPattern();

    [Fact]
    public async Task Setting_a_secret_returns_its_value_and_a_new_32_hex_version_under_the_vault_address()
    {
        var client = emulator.Client();
        var name = EmulatorFixture.Unique("set");

        KeyVaultSecret secret = await client.SetSecretAsync(new KeyVaultSecret(name, "s3cret")
        {
            Properties = { ContentType = "text/plain", Tags = { ["owner"] = "tests" } },
        });

        Assert.Equal("s3cret", secret.Value);
        Assert.Matches(VersionPattern(), secret.Properties.Version);
        Assert.Equal(new Uri(emulator.MainVault, $"secrets/{name}/{secret.Properties.Version}"), secret.Id);
        Assert.Equal(emulator.MainVault, secret.Properties.VaultUri);
        Assert.Equal("text/plain", secret.Properties.ContentType);
        Assert.Equal("tests", secret.Properties.Tags["owner"]);
        Assert.True(secret.Properties.Enabled);
        Assert.NotNull(secret.Properties.CreatedOn);
        Assert.Equal(90, secret.Properties.RecoverableDays);
        Assert.Equal("Recoverable+Purgeable", secret.Properties.RecoveryLevel);
    }

    [Fact]
    public async Task Getting_a_secret_without_a_version_returns_the_latest_value()
    {
        var client = emulator.Client();
        var name = EmulatorFixture.Unique("latest");
        await client.SetSecretAsync(name, "first");
        KeyVaultSecret second = await client.SetSecretAsync(name, "second");

        KeyVaultSecret latest = await client.GetSecretAsync(name);

        Assert.Equal("second", latest.Value);
        Assert.Equal(second.Properties.Version, latest.Properties.Version);
    }

    [Fact]
    public async Task Getting_a_secret_by_version_returns_that_version()
    {
        var client = emulator.Client();
        var name = EmulatorFixture.Unique("byversion");
        KeyVaultSecret first = await client.SetSecretAsync(name, "first");
        await client.SetSecretAsync(name, "second");

        KeyVaultSecret old = await client.GetSecretAsync(name, first.Properties.Version);

        Assert.Equal("first", old.Value);
        Assert.Equal(first.Id, old.Id);
    }

    [Fact]
    public async Task Secret_names_compare_case_insensitively_and_keep_their_first_spelling()
    {
        var client = emulator.Client();
        var name = EmulatorFixture.Unique("MixedCase");
        await client.SetSecretAsync(name, "one");
        await client.SetSecretAsync(name.ToLowerInvariant(), "two");

        KeyVaultSecret read = await client.GetSecretAsync(name.ToUpperInvariant());

        Assert.Equal("two", read.Value);
        Assert.Equal(name, read.Name);
        var versions = await client.GetPropertiesOfSecretVersionsAsync(name).ToListAsync();
        Assert.Equal(2, versions.Count);
    }

    [Fact]
    public async Task Getting_a_missing_secret_or_version_fails_with_404_SecretNotFound()
    {
        var client = emulator.Client();
        var name = EmulatorFixture.Unique("missing");

        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync(name));
        await client.SetSecretAsync(name, "v");
        var missingVersion = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync(name, new string('0', 32)));

        Assert.Equal((404, "SecretNotFound"), (missing.Status, missing.ErrorCode));
        Assert.Equal((404, "SecretNotFound"), (missingVersion.Status, missingVersion.ErrorCode));
    }

    [Fact]
    public async Task Updating_properties_changes_nbf_exp_tags_and_content_type_but_never_the_value()
    {
        var client = emulator.Client();
        var name = EmulatorFixture.Unique("update");
        KeyVaultSecret secret = await client.SetSecretAsync(name, "keep-me");
        var notBefore = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds());
        var expires = notBefore.AddDays(30);
        secret.Properties.NotBefore = notBefore;
        secret.Properties.ExpiresOn = expires;
        secret.Properties.ContentType = "application/json";
        secret.Properties.Tags["rotation"] = "monthly";

        SecretProperties updated = await client.UpdateSecretPropertiesAsync(secret.Properties);
        KeyVaultSecret read = await client.GetSecretAsync(name);

        Assert.Equal(notBefore, updated.NotBefore);
        Assert.Equal(expires, updated.ExpiresOn);
        Assert.Equal("application/json", read.Properties.ContentType);
        Assert.Equal("monthly", read.Properties.Tags["rotation"]);
        Assert.Equal(expires, read.Properties.ExpiresOn);
        Assert.Equal("keep-me", read.Value);
        Assert.Equal(secret.Properties.Version, read.Properties.Version);
    }

    [Fact]
    public async Task A_disabled_version_answers_403_SecretDisabled_but_still_shows_in_listings()
    {
        var client = emulator.Client();
        var name = EmulatorFixture.Unique("disabled");
        KeyVaultSecret first = await client.SetSecretAsync(name, "old");
        await client.SetSecretAsync(name, "new");
        first.Properties.Enabled = false;

        await client.UpdateSecretPropertiesAsync(first.Properties);
        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync(name, first.Properties.Version));
        KeyVaultSecret latest = await client.GetSecretAsync(name);
        var versions = await client.GetPropertiesOfSecretVersionsAsync(name).ToListAsync();

        Assert.Equal((403, "Forbidden", "SecretDisabled"), (refused.Status, refused.ErrorCode, ErrorBodies.InnerCode(refused)));
        Assert.Equal("new", latest.Value);
        Assert.False(versions.Single(v => v.Version == first.Properties.Version).Enabled);
    }

    [Fact]
    public async Task Enabling_a_disabled_version_again_makes_it_readable()
    {
        var client = emulator.Client();
        var name = EmulatorFixture.Unique("reenable");
        KeyVaultSecret secret = await client.SetSecretAsync(new KeyVaultSecret(name, "value") { Properties = { Enabled = false } });
        await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync(name));

        secret.Properties.Enabled = true;
        await client.UpdateSecretPropertiesAsync(secret.Properties);

        Assert.Equal("value", (await client.GetSecretAsync(name)).Value.Value);
    }

    [Fact]
    public async Task Patching_without_a_version_updates_the_latest_version()
    {
        var client = emulator.Client();
        var name = EmulatorFixture.Unique("patchlatest");
        await client.SetSecretAsync(name, "a");
        KeyVaultSecret latest = await client.SetSecretAsync(name, "b");
        using var http = emulator.RawClient();
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"secrets/{name}/?api-version=2026-04-01")
        {
            Content = new StringContent("""{"contentType":"text/csv","value":"ignored"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", "any-token");

        using var response = await http.SendAsync(request);
        KeyVaultSecret read = await client.GetSecretAsync(name);

        response.EnsureSuccessStatusCode();
        Assert.DoesNotContain("\"value\"", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/csv", read.Properties.ContentType);
        Assert.Equal("b", read.Value);
        Assert.Equal(latest.Properties.Version, read.Properties.Version);
    }
}
