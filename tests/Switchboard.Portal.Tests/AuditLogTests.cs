using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Switchboard.Portal.Tests;

[Collection(PortalCollection.Name)]
public class AuditLogTests(PortalFixture portal)
{
    [Fact]
    public async Task TheAuditLogListsWhatHappenedNewestFirstAndFiltersByAliasAndAction()
    {
        var hub = await portal.Api.NewHubAsync();
        await portal.Api.CreateOpenAIConnectionAsync(hub, "openai-audited");
        await portal.Api.CreateOpenAIConnectionAsync(hub, "other");
        await portal.Api.SendAsync(HttpMethod.Post, $"/api/hubs/{hub}/connections/openai-audited/disable");
        await using var browser = await portal.OpenAsync();
        var page = browser.Page;
        await browser.GoToAsync($"/hubs/{hub}/audit");

        var rows = page.Locator("tbody tr");
        await Expect(rows.First.Locator("td[data-label='Action']")).ToContainTextAsync("Connection disabled");
        await Expect(rows.First.Locator("td[data-label='Connection']")).ToHaveTextAsync("openai-audited");

        await page.GetByLabel("Connection alias").FillAsync("openai-audited");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(1).Locator("td[data-label='Action']")).ToContainTextAsync("Connection created");

        await page.GetByLabel("Action").FillAsync("connection.created");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First.Locator("td[data-label='Action']")).ToContainTextAsync("Connection created");
    }
}
