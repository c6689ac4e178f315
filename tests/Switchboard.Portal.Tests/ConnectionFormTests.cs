using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Switchboard.Portal.Tests;

[Collection(PortalCollection.Name)]
public class ConnectionFormTests(PortalFixture portal)
{
    [Fact]
    public async Task AHubConnectionCreatedThroughTheFormAppearsInTheList()
    {
        var hub = await portal.Api.NewHubAsync("search", "support");
        await using var browser = await portal.OpenAsync();
        var page = browser.Page;
        await browser.GoToAsync($"/hubs/{hub}/connections");
        await Expect(page.GetByText("No connections yet.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "New connection" }).ClickAsync();
        await page.Field("Provider").SelectOptionAsync("OpenAI");
        await page.Field("Name").FillAsync("OpenAI Production");
        await page.Field("Alias").FillAsync("openai-prod");
        await page.Field("Target").FillAsync("https://api.openai.com/v1");
        await page.Field("Key").FillAsync("sk-typed-in-the-form");
        await page.Field("Organization").FillAsync("org-42");
        await page.GetByLabel("Only these projects:").CheckAsync();
        await page.Field("search").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create connection" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "OpenAI Production", Level = 1 })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"#/hubs/{hub}/connections/openai-prod$"));
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Breadcrumb" }).GetByRole(AriaRole.Link, new() { Name = "Connections" }).ClickAsync();
        var row = page.Locator("tr[data-alias='openai-prod']");
        await Expect(row).ToContainTextAsync("OpenAI Production");
        await Expect(row).ToContainTextAsync("https://api.openai.com/v1");
        await Expect(row.Locator("td[data-label='Status']")).ToHaveTextAsync("Active");
        await Expect(row.Locator("td[data-label='Scope']")).ToContainTextAsync("1 project");

        var created = await portal.Api.SendAsync(HttpMethod.Get, $"/api/hubs/{hub}/connections/openai-prod");
        Assert.Equal("org-42", created.GetProperty("settings").GetProperty("organization").GetString());
        Assert.Equal(["search"], created.GetProperty("sharedWith").EnumerateArray().Select(p => p.GetString()));
        var secrets = await portal.Api.SendAsync(HttpMethod.Post, $"/api/hubs/{hub}/connections/openai-prod/listSecrets");
        Assert.Equal("sk-typed-in-the-form", secrets.GetProperty("credentials").GetProperty("key").GetString());
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task TheApisValidationErrorsAreShownNextToTheirFields()
    {
        var hub = await portal.Api.NewHubAsync();
        await using var browser = await portal.OpenAsync();
        var page = browser.Page;
        await browser.GoToAsync($"/hubs/{hub}/new-connection");

        await page.Field("Provider").SelectOptionAsync("AzureStorage");
        await page.Field("Alias").FillAsync("not a valid alias");
        await page.Field("Target").FillAsync("https://contoso.blob.core.windows.net");
        await page.Field("Account key").FillAsync("account-key-value");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create connection" }).ClickAsync();

        var alias = page.Locator("[data-field='alias']");
        await Expect(alias.Locator(".field-error")).ToContainTextAsync("letters, digits and hyphens");
        await Expect(page.Field("Alias")).ToHaveAttributeAsync("aria-invalid", "true");
        var accountName = page.Locator("[data-field='settings.accountName']");
        await Expect(accountName.Locator(".field-error")).ToContainTextAsync("Required by AzureStorage");
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("The connection was not created");
        await Expect(page.Locator(".error-summary")).ToBeFocusedAsync();
        // Nothing is created, and the typed credential stays in its field only.
        Assert.Equal(System.Net.HttpStatusCode.NotFound, await portal.Api.StatusOfAsync($"/api/hubs/{hub}/connections/not-a-valid-alias"));
        Assert.DoesNotContain("account-key-value", await page.Locator("main").InnerTextAsync());
        await Screenshots.SaveAsync(page, "new-connection-validation");
    }
}
