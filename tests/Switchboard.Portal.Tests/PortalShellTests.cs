using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Switchboard.Portal.Tests;

[Collection(PortalCollection.Name)]
public class PortalShellTests(PortalFixture portal)
{
    [Fact]
    public async Task WithoutSignInThePortalSaysSoAndStillUsesTheApi()
    {
        var hub = await portal.Api.NewHubAsync();
        await using var browser = await portal.OpenAsync();
        var page = browser.Page;
        await browser.GoToAsync($"/hubs/{hub}/connections");

        await Expect(page.Locator("#account-state")).ToHaveTextAsync("Not signed in");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Hub")).ToHaveValueAsync(hub);
        await Expect(page.GetByText("No connections yet.")).ToBeVisibleAsync();
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task ThePortalWorksUnderTheFunctionsHostsApiPathToo()
    {
        var hub = await portal.Api.NewHubAsync();
        await portal.Api.CreateOpenAIConnectionAsync(hub, "openai-mounted");
        await using var browser = await portal.OpenAsync();
        var page = browser.Page;

        await browser.GoToAsync($"/hubs/{hub}/connections", mount: "/api/portal/");

        await Expect(page.Locator("tr[data-alias='openai-mounted']")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "openai-mounted" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/api/portal/#/hubs/{hub}/connections/openai-mounted$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "openai-mounted", Level = 1 })).ToBeVisibleAsync();
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task AnAccessTokenIsSentAsABearerTokenAndNeverAsAnApiKey()
    {
        var hub = await portal.Api.NewHubAsync();
        await using var browser = await portal.OpenAsync();
        var page = browser.Page;
        await browser.GoToAsync($"/hubs/{hub}/connections");
        await Expect(page.GetByText("No connections yet.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Sign in to Switchboard" });
        await dialog.GetByLabel("Entra ID access token").CheckAsync();
        await dialog.GetByLabel("Token", new() { Exact = true }).FillAsync("eyJ.token.value");
        var request = await page.RunAndWaitForRequestAsync(
            () => dialog.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
            r => r.Url.EndsWith("/api/hubs?top=1000", StringComparison.Ordinal));

        var headers = await request.AllHeadersAsync();
        Assert.Equal("Bearer eyJ.token.value", headers["authorization"]);
        Assert.False(headers.ContainsKey("x-api-key"));
        await Expect(page.Locator("#account-state")).ToHaveTextAsync("Signed in with an Entra ID token");
    }

    [Fact]
    public async Task EveryFormControlOnTheMainScreensHasALabel()
    {
        var hub = await portal.Api.NewHubAsync("search");
        await portal.Api.CreateOpenAIConnectionAsync(hub, "openai-labels");
        await using var browser = await portal.OpenAsync();
        var page = browser.Page;

        await browser.GoToAsync($"/hubs/{hub}/connections");
        await Expect(page.Locator("tr[data-alias='openai-labels']")).ToBeVisibleAsync();
        Assert.Empty(await UnlabelledControlsAsync(page));

        await browser.GoToAsync($"/hubs/{hub}/new-connection");
        await page.Field("Provider").SelectOptionAsync("AzureSql");
        await page.Field("Authentication type").SelectOptionAsync("CustomKeys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add metadata" }).ClickAsync();
        Assert.Empty(await UnlabelledControlsAsync(page));

        await browser.GoToAsync($"/hubs/{hub}/audit");
        await Expect(page.GetByLabel("Connection alias")).ToBeVisibleAsync();
        Assert.Empty(await UnlabelledControlsAsync(page));

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        Assert.Empty(await UnlabelledControlsAsync(page));
    }

    /// <summary>The visible inputs, selects and text areas that have neither a label nor an aria-label.</summary>
    private static Task<string[]> UnlabelledControlsAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => [...document.querySelectorAll('input, select, textarea')]
          .filter((e) => e.type !== 'hidden' && e.getClientRects().length > 0)
          .filter((e) => e.labels.length === 0 && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
          .map((e) => e.outerHTML)
        """);
}
