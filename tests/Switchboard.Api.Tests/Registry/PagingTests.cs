using System.Text.Json;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Registry;

public class PagingTests(IsolatedStorage storage) : RegistryTestBase(storage)
{
    [Fact]
    public async Task PagingWalksAllOf250ConnectionsThroughNextLink()
    {
        var hub = await Api.CreateHubAsync();
        var aliases = Enumerable.Range(0, 250).Select(i => $"c{i:D3}").ToList();
        foreach (var batch in aliases.Chunk(25))
        {
            await Task.WhenAll(batch.Select(alias => Api.CreateConnectionAsync($"/api/hubs/{hub}",
                new { alias, provider = "CustomEndpoint", target = "https://custom.example/", authType = "None" })));
        }

        var seen = new List<string>();
        var pages = 0;
        string? next = $"/api/hubs/{hub}/connections?top=100";
        while (next is not null)
        {
            var page = await Api.GetJsonAsync(next);
            pages++;
            seen.AddRange(page.GetProperty("value").EnumerateArray().Select(c => c.GetProperty("alias").GetString()!));
            next = page.GetProperty("nextLink").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextLink").GetString();
            Assert.True(pages <= 10, "paging did not end");
        }

        Assert.Equal(aliases, seen.Order());
        Assert.True(pages >= 3);
    }
}
