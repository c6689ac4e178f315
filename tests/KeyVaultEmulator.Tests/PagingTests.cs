using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Security.KeyVault.Secrets;
using Switchboard.KeyVaultEmulator.Tests.Infrastructure;

namespace Switchboard.KeyVaultEmulator.Tests;

/// <summary>Lists come in pages of at most 25 with an absolute nextLink that the SDK follows as given.</summary>
public sealed class PagingTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Listing_30_secrets_yields_pages_of_25_and_5_and_every_secret_without_its_value()
    {
        var (_, vault) = await emulator.NewVaultAsync();
        var client = emulator.Client(vault);
        var names = Enumerable.Range(0, 30).Select(i => $"paged-{i:D2}").ToList();
        foreach (var name in names)
        {
            await client.SetSecretAsync(name, $"value-{name}");
        }

        var pages = await client.GetPropertiesOfSecretsAsync().AsPages().ToListAsync();

        Assert.Equal([25, 5], pages.Select(p => p.Values.Count));
        Assert.Equal(names, pages.SelectMany(p => p.Values).Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(pages.SelectMany(p => p.Values), p => Assert.Null(p.Version));
    }

    [Fact]
    public async Task Listing_30_versions_of_a_secret_follows_the_next_link_to_all_of_them()
    {
        var client = emulator.Client();
        var name = EmulatorFixture.Unique("versions");
        var created = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            created.Add((await client.SetSecretAsync(name, $"v{i}")).Value.Properties.Version);
        }

        var pages = await client.GetPropertiesOfSecretVersionsAsync(name).AsPages().ToListAsync();

        Assert.Equal([25, 5], pages.Select(p => p.Values.Count));
        Assert.Equal(created, pages.SelectMany(p => p.Values).Select(p => p.Version));
    }

    [Fact]
    public async Task The_next_link_is_an_absolute_url_on_the_vault_with_api_version_skip_token_and_page_size()
    {
        var (_, vault) = await emulator.NewVaultAsync();
        var client = emulator.Client(vault);
        for (var i = 0; i < 3; i++)
        {
            await client.SetSecretAsync($"link-{i}", "v");
        }
        using var http = emulator.RawClient(vault);
        http.DefaultRequestHeaders.Authorization = new("Bearer", "token");

        var first = await http.GetFromJsonAsync<JsonElement>("secrets?api-version=7.6&maxresults=2");
        var nextLink = first.GetProperty("nextLink").GetString()!;
        var second = await http.GetFromJsonAsync<JsonElement>(nextLink);

        Assert.StartsWith($"{vault}secrets?", nextLink);
        Assert.Contains("api-version=7.6", nextLink);
        Assert.Contains("$skiptoken=", nextLink);
        Assert.Contains("maxresults=2", nextLink);
        Assert.Equal(2, first.GetProperty("value").GetArrayLength());
        Assert.Equal(1, second.GetProperty("value").GetArrayLength());
        Assert.False(second.TryGetProperty("nextLink", out _));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("26")]
    [InlineData("many")]
    public async Task A_page_size_outside_1_to_25_answers_400_BadParameter(string maxResults)
    {
        using var http = emulator.RawClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", "token");

        using var response = await http.GetAsync($"secrets?api-version=7.6&maxresults={maxResults}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadParameter", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Listing_secrets_shows_a_disabled_secret()
    {
        var (_, vault) = await emulator.NewVaultAsync();
        var client = emulator.Client(vault);
        await client.SetSecretAsync(new KeyVaultSecret("off", "v") { Properties = { Enabled = false } });

        var listed = await client.GetPropertiesOfSecretsAsync().ToListAsync();

        Assert.False(Assert.Single(listed).Enabled);
    }
}
