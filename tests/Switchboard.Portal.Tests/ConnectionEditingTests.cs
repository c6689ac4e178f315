using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Switchboard.Portal.Tests;

[Collection(PortalCollection.Name)]
public class ConnectionEditingTests(PortalFixture portal)
{
    [Fact]
    public async Task EditingAConnectionSavesOnlyWhatChanged()
    {
        var hub = await portal.Api.NewHubAsync();
        await portal.Api.CreateOpenAIConnectionAsync(hub, "openai-edit", key: "sk-original", name: "Before");
        await using var browser = await portal.OpenAsync();
        var page = browser.Page;
        await browser.GoToAsync($"/hubs/{hub}/connections/openai-edit");

        await page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await Expect(page.Field("Name")).ToHaveValueAsync("Before");
        await page.Field("Name").FillAsync("After");
        await page.Field("Organization").FillAsync("");
        await page.Field("Warn before expiry").FillAsync("P14D");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "After", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".card", new() { HasText = "Expiry and rotation" })).ToContainTextAsync("P14D");
        var saved = await portal.Api.SendAsync(HttpMethod.Get, $"/api/hubs/{hub}/connections/openai-edit");
        Assert.Equal("After", saved.GetProperty("name").GetString());
        Assert.False(saved.GetProperty("settings").TryGetProperty("organization", out _));
        // The credentials were left empty in the form, so they were kept.
        var secrets = await portal.Api.SendAsync(HttpMethod.Post, $"/api/hubs/{hub}/connections/openai-edit/listSecrets");
        Assert.Equal("sk-original", secrets.GetProperty("credentials").GetProperty("key").GetString());
    }

    [Fact]
    public async Task SavingOverAChangeMadeElsewhereShowsTheConflictAndReloadBringsTheLatestVersion()
    {
        var hub = await portal.Api.NewHubAsync();
        await portal.Api.CreateOpenAIConnectionAsync(hub, "openai-race", name: "Original name");
        await using var browser = await portal.OpenAsync();
        var page = browser.Page;
        await browser.GoToAsync($"/hubs/{hub}/connections/openai-race/edit");
        await Expect(page.Field("Name")).ToHaveValueAsync("Original name");

        // Someone else changes it behind the page's back.
        await portal.Api.SendAsync(HttpMethod.Patch, $"/api/hubs/{hub}/connections/openai-race", new { name = "Changed elsewhere" });
        await page.Field("Name").FillAsync("Changed here");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        var conflict = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "changed by someone else" });
        await Expect(conflict).ToContainTextAsync("This connection was changed by someone else. Reload to see the latest version.");
        var stored = await portal.Api.SendAsync(HttpMethod.Get, $"/api/hubs/{hub}/connections/openai-race");
        Assert.Equal("Changed elsewhere", stored.GetProperty("name").GetString());

        await conflict.GetByRole(AriaRole.Button, new() { Name = "Reload" }).ClickAsync();
        await Expect(page.Field("Name")).ToHaveValueAsync("Changed elsewhere");
        await Expect(conflict).ToHaveCountAsync(0);
    }
}
