using Azure;
using Azure.Security.KeyVault.Secrets;
using Switchboard.KeyVaultEmulator.Tests.Infrastructure;

namespace Switchboard.KeyVaultEmulator.Tests;

/// <summary>The service's limits on names, values and tags answer 400 BadParameter.</summary>
public sealed class LimitTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private async Task<RequestFailedException> RefusedAsync(KeyVaultSecret secret)
    {
        var e = await Assert.ThrowsAsync<RequestFailedException>(() => emulator.Client().SetSecretAsync(secret));
        Assert.Equal((400, "BadParameter"), (e.Status, e.ErrorCode));
        return e;
    }

    [Theory]
    [InlineData("under_score")]
    [InlineData("dot.ted")]
    [InlineData("spa ce")]
    public async Task A_name_with_characters_outside_letters_digits_and_dashes_is_refused(string name) =>
        await RefusedAsync(new KeyVaultSecret(name, "v"));

    [Fact]
    public async Task A_name_of_127_characters_is_accepted_and_128_is_refused()
    {
        await emulator.Client().SetSecretAsync(new string('a', 127), "v");

        await RefusedAsync(new KeyVaultSecret(new string('b', 128), "v"));
    }

    [Fact]
    public async Task A_value_of_25600_characters_is_accepted_and_one_more_is_refused()
    {
        await emulator.Client().SetSecretAsync(EmulatorFixture.Unique("big"), new string('x', 25_600));

        await RefusedAsync(new KeyVaultSecret(EmulatorFixture.Unique("toobig"), new string('x', 25_601)));
    }

    [Fact]
    public async Task Fifteen_tags_are_accepted_and_sixteen_are_refused()
    {
        static KeyVaultSecret WithTags(int count)
        {
            var secret = new KeyVaultSecret(EmulatorFixture.Unique("tags"), "v");
            for (var i = 0; i < count; i++)
            {
                secret.Properties.Tags[$"tag{i}"] = "x";
            }
            return secret;
        }

        await emulator.Client().SetSecretAsync(WithTags(15));

        await RefusedAsync(WithTags(16));
    }

    [Fact]
    public async Task A_tag_name_or_value_over_256_characters_is_refused()
    {
        var longValue = new KeyVaultSecret(EmulatorFixture.Unique("tagvalue"), "v") { Properties = { Tags = { ["k"] = new string('v', 257) } } };
        var longName = new KeyVaultSecret(EmulatorFixture.Unique("tagname"), "v") { Properties = { Tags = { [new string('k', 257)] = "v" } } };

        await RefusedAsync(longValue);
        await RefusedAsync(longName);
    }

    [Fact]
    public async Task Too_many_tags_in_an_update_are_refused_too()
    {
        var client = emulator.Client();
        KeyVaultSecret secret = await client.SetSecretAsync(EmulatorFixture.Unique("updatetags"), "v");
        for (var i = 0; i < 16; i++)
        {
            secret.Properties.Tags[$"tag{i}"] = "x";
        }

        var e = await Assert.ThrowsAsync<RequestFailedException>(() => client.UpdateSecretPropertiesAsync(secret.Properties));

        Assert.Equal((400, "BadParameter"), (e.Status, e.ErrorCode));
    }
}
