using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Switchboard.Portal.Tests;

[Collection(PortalCollection.Name)]
public class ConnectionListTests(PortalFixture portal)
{
    [Fact]
    public async Task TheTextFilterAndTheStatusFilterNarrowTheList()
    {
        var hub = await portal.Api.NewHubAsync();
        await portal.Api.CreateOpenAIConnectionAsync(hub, "openai-prod", name: "OpenAI Production");
        await portal.Api.CreateOpenAIConnectionAsync(hub, "openai-dev", name: "OpenAI Development");
        await portal.Api.CreateOpenAIConnectionAsync(hub, "search-key", name: "Search");
        await portal.Api.SendAsync(HttpMethod.Post, $"/api/hubs/{hub}/connections/openai-dev/disable");
        await using var browser = await portal.OpenAsync();
        var page = browser.Page;
        await browser.GoToAsync($"/hubs/{hub}/connections");
        var rows = page.Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(3);

        await page.GetByLabel("Filter by alias or name").FillAsync("production");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-alias", "openai-prod");

        await page.GetByLabel("Filter by alias or name").FillAsync("openai");
        await page.GetByLabel("Status").SelectOptionAsync("Disabled");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-alias", "openai-dev");
        await Expect(page.Locator(".result-count")).ToContainTextAsync("1 of 1 loaded connections");
    }

    [Fact]
    public async Task LoadMoreFetchesTheNextPageOfTheList()
    {
        var hub = await portal.Api.NewHubAsync();
        for (var i = 0; i < 27; i++)
        {
            // Managed identity: no secret to write, so 27 connections are quick to make.
            await portal.Api.SendAsync(HttpMethod.Post, $"/api/hubs/{hub}/connections", new
            {
                alias = $"aoai-{i:00}", provider = "AzureOpenAI", target = $"https://r{i}.openai.azure.com", authType = "ManagedIdentity",
            });
        }
        await using var browser = await portal.OpenAsync();
        var page = browser.Page;
        await browser.GoToAsync($"/hubs/{hub}/connections");
        var rows = page.Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(25);

        await page.GetByRole(AriaRole.Button, new() { Name = "Load more" }).ClickAsync();

        await Expect(rows).ToHaveCountAsync(27);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Load more" })).ToHaveCountAsync(0);
        await Expect(page.Locator("tr[data-alias='aoai-26']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AProjectSeesItsOwnConnectionsAndTheHubConnectionsSharedWithIt()
    {
        var hub = await portal.Api.NewHubAsync("search", "support");
        await portal.Api.CreateOpenAIConnectionAsync(hub, "shared-with-all");
        await portal.Api.SendAsync(HttpMethod.Post, $"/api/hubs/{hub}/connections", new
        {
            alias = "support-only", provider = "AzureOpenAI", target = "https://s.openai.azure.com", authType = "ManagedIdentity",
            sharedWith = new[] { "support" },
        });
        await portal.Api.SendAsync(HttpMethod.Post, $"/api/hubs/{hub}/projects/search/connections", new
        {
            alias = "search-own", provider = "AzureAISearch", target = "https://x.search.windows.net", authType = "ManagedIdentity",
        });
        await using var browser = await portal.OpenAsync();
        var page = browser.Page;
        await browser.GoToAsync($"/hubs/{hub}/connections");

        await page.GetByLabel("Project").SelectOptionAsync("search");

        await Expect(page.Locator(".subtitle")).ToHaveTextAsync($"Project search in hub {hub}");
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("tr[data-alias='search-own'] td[data-label='Scope']")).ToHaveTextAsync("Project");
        await Expect(page.Locator("tr[data-alias='shared-with-all'] td[data-label='Scope']")).ToHaveTextAsync("Hub (shared)");
        await Expect(page.Locator("tr[data-alias='support-only']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task OnAPhoneTheConnectionsAreStackedCardsWithoutSidewaysScrolling()
    {
        var hub = await portal.Api.NewHubAsync();
        await portal.Api.CreateOpenAIConnectionAsync(hub, "openai-phone", name: "OpenAI on a phone");
        await using var browser = await portal.OpenAsync(width: 390, height: 844);
        var page = browser.Page;
        await browser.GoToAsync($"/hubs/{hub}/connections");

        var row = page.Locator("tr[data-alias='openai-phone']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(page.Locator("thead")).Not.ToBeInViewportAsync();
        var box = await row.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"the card spans {box.X}..{box.X + box.Width}");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the page scrolls sideways");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Sections" }).GetByRole(AriaRole.Link, new() { Name = "Audit log" }))
            .ToBeInViewportAsync();
    }
}
