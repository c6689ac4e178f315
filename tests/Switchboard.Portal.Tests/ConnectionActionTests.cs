using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Switchboard.Portal.Tests;

[Collection(PortalCollection.Name)]
public class ConnectionActionTests(PortalFixture portal)
{
    [Fact]
    public async Task DisablingAConnectionShowsItDisabledAndOffersToEnableIt()
    {
        var hub = await portal.Api.NewHubAsync();
        await portal.Api.CreateOpenAIConnectionAsync(hub, "openai-off");
        await using var browser = await portal.OpenAsync();
        var page = browser.Page;
        await browser.GoToAsync($"/hubs/{hub}/connections/openai-off");

        await page.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();

        await Expect(page.Locator(".badges")).ToContainTextAsync("Disabled");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Enable" })).ToBeVisibleAsync();
        var stored = await portal.Api.SendAsync(HttpMethod.Get, $"/api/hubs/{hub}/connections/openai-off");
        Assert.Equal("Disabled", stored.GetProperty("status").GetString());
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Breadcrumb" }).GetByRole(AriaRole.Link, new() { Name = "Connections" }).ClickAsync();
        await Expect(page.Locator("tr[data-alias='openai-off'] td[data-label='Status']")).ToHaveTextAsync("Disabled");
    }

    [Fact]
    public async Task DeletingAConnectionInUseWarnsIsRefusedAndGoesThroughOnlyAfterASecondConfirmation()
    {
        var hub = await portal.Api.NewHubAsync();
        await portal.Api.CreateOpenAIConnectionAsync(hub, "openai-used");
        await portal.Api.SendAsync(HttpMethod.Put, $"/api/hubs/{hub}/connections/openai-used/dependents/profile-1",
            new { kind = "profile", name = "Support assistant" });
        await using var browser = await portal.OpenAsync();
        var page = browser.Page;
        await browser.GoToAsync($"/hubs/{hub}/connections/openai-used");

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("1 thing uses this connection");
        await Expect(dialog).ToContainTextAsync("Support assistant");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(dialog).ToContainTextAsync("The connection is in use");
        Assert.Equal(HttpStatusCode.OK, await portal.Api.StatusOfAsync($"/api/hubs/{hub}/connections/openai-used"));

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete anyway" }).ClickAsync();
        await Expect(dialog).ToContainTextAsync("Are you sure?");
        Assert.Equal(HttpStatusCode.OK, await portal.Api.StatusOfAsync($"/api/hubs/{hub}/connections/openai-used"));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Yes, delete it anyway" }).ClickAsync();

        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connections", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-alias='openai-used']")).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.NotFound, await portal.Api.StatusOfAsync($"/api/hubs/{hub}/connections/openai-used"));
    }

    [Fact]
    public async Task RevealShowsTheCredentialsAndHideAndLeavingTakeThemOutOfThePage()
    {
        const string canary = "sk-canary-4f1d2e9b7c";
        var hub = await portal.Api.NewHubAsync();
        await portal.Api.CreateOpenAIConnectionAsync(hub, "openai-secret", key: canary);
        await using var browser = await portal.OpenAsync();
        var page = browser.Page;
        await browser.GoToAsync($"/hubs/{hub}/connections/openai-secret");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Reveal" })).ToBeVisibleAsync();
        Assert.DoesNotContain(canary, await page.ContentAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Reveal" }).ClickAsync();
        await Expect(page.Locator(".secret-value")).ToHaveTextAsync(canary);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Hide" })).ToBeFocusedAsync();
        await browser.AssertNoStrayValuesAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Hide" }).ClickAsync();
        await Expect(page.Locator(".secret-value")).ToHaveCountAsync(0);
        Assert.DoesNotContain(canary, await page.ContentAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Reveal" }).ClickAsync();
        await Expect(page.Locator(".secret-value")).ToHaveTextAsync(canary);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Sections" }).GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log" })).ToBeVisibleAsync();
        Assert.DoesNotContain(canary, await page.ContentAsync());

        // Nothing the portal keeps or addresses holds the credential.
        Assert.DoesNotContain(canary, page.Url);
        var stored = await page.EvaluateAsync<string>("() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })");
        Assert.DoesNotContain(canary, stored);
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task EscapeClosesADialogAndGivesTheFocusBackToTheButtonThatOpenedIt()
    {
        var hub = await portal.Api.NewHubAsync();
        await portal.Api.CreateOpenAIConnectionAsync(hub, "openai-keys");
        await using var browser = await portal.OpenAsync();
        var page = browser.Page;
        await browser.GoToAsync($"/hubs/{hub}/connections/openai-keys");

        var delete = page.GetByRole(AriaRole.Button, new() { Name = "Delete" });
        await delete.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("Escape");

        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(delete).ToBeFocusedAsync();
        Assert.Equal(HttpStatusCode.OK, await portal.Api.StatusOfAsync($"/api/hubs/{hub}/connections/openai-keys"));
    }
}
