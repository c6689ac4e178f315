using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Switchboard.Portal.Tests;

/// <summary>The main screens for a hub that looks like one in use; the pictures are kept under TestResults/screenshots.</summary>
[Collection(PortalCollection.Name)]
public class ScreenshotTests(PortalFixture portal)
{
    [Fact]
    public async Task TheMainScreensShowAHubInUseWithoutScriptErrors()
    {
        var hub = await SeedAsync();
        await using var browser = await portal.OpenAsync();
        var page = browser.Page;

        await browser.GoToAsync($"/hubs/{hub}/connections");
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(5);
        await Expect(page.Locator(".keyvault-summary")).ToContainTextAsync("Key Vault");
        await browser.AssertNoStrayValuesAsync();
        await Screenshots.SaveAsync(page, "connections-list");

        await page.GetByRole(AriaRole.Link, new() { Name = "OpenAI Production" }).ClickAsync();
        await Expect(page.Locator(".card", new() { HasText = "Used by" })).ToContainTextAsync("Support assistant");
        await browser.AssertNoStrayValuesAsync();
        await Screenshots.SaveAsync(page, "connection-details");

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Support assistant");
        await Screenshots.SaveAsync(page, "delete-dialog", fullPage: false);
        await page.Keyboard.PressAsync("Escape");

        await browser.GoToAsync($"/hubs/{hub}/new-connection");
        await Expect(page.Field("Alias")).ToBeVisibleAsync();
        await browser.AssertNoStrayValuesAsync();
        await Screenshots.SaveAsync(page, "new-connection-form");

        await browser.GoToAsync($"/hubs/{hub}/audit");
        await Expect(page.Locator("tbody tr").First).ToContainTextAsync("Connection disabled");
        await browser.AssertNoStrayValuesAsync();
        await Screenshots.SaveAsync(page, "audit-log");

        await browser.GoToAsync($"/hubs/{hub}/keyvault");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "How the Key Vault connection works" })).ToBeVisibleAsync();
        await browser.AssertNoStrayValuesAsync();
        await Screenshots.SaveAsync(page, "key-vault");

        await using var phone = await portal.OpenAsync(width: 390, height: 844);
        await phone.GoToAsync($"/hubs/{hub}/connections");
        await Expect(phone.Page.Locator("tbody tr")).ToHaveCountAsync(5);
        await Screenshots.SaveAsync(phone.Page, "connections-phone");

        Assert.Empty(browser.Errors);
        Assert.Empty(phone.Errors);
    }

    private async Task<string> SeedAsync()
    {
        var api = portal.Api;
        var hub = "contoso-" + Guid.NewGuid().ToString("N")[..6];
        await api.SendAsync(HttpMethod.Put, $"/api/hubs/{hub}", new { displayName = "Contoso AI" });
        await api.SendAsync(HttpMethod.Put, $"/api/hubs/{hub}/projects/search", new { displayName = "Search team" });
        await api.SendAsync(HttpMethod.Put, $"/api/hubs/{hub}/projects/support-bot", new { displayName = "Support bot" });
        string In(int days) => DateTimeOffset.UtcNow.AddDays(days).ToString("yyyy-MM-dd'T'00:00:00'Z'", CultureInfo.InvariantCulture);
        var connections = new object[]
        {
            new
            {
                alias = "openai-prod", name = "OpenAI Production", provider = "OpenAI", target = "https://api.openai.com/v1", authType = "ApiKey",
                credentials = new { key = "sk-demo-123" }, settings = new { organization = "org-123" }, expiresAt = In(200),
                rotation = new { notifyBefore = "P30D" }, metadata = new { team = "platform" },
            },
            new
            {
                alias = "aoai-east", name = "Azure OpenAI East US", provider = "AzureOpenAI", target = "https://contoso-east.openai.azure.com",
                authType = "ManagedIdentity", settings = new { apiVersion = "2024-10-21", deployment = "gpt-4o" }, sharedWith = new[] { "search" },
            },
            new
            {
                alias = "docs-storage", name = "Documents storage", provider = "AzureStorage", target = "https://contosodocs.blob.core.windows.net",
                authType = "SasToken", credentials = new { sasToken = "sv=2024-11-04&sig=demo" }, settings = new { accountName = "contosodocs" },
                expiresAt = In(12),
            },
            new
            {
                alias = "search-prod", name = "Product search", provider = "AzureAISearch", target = "https://contoso.search.windows.net",
                authType = "ApiKey", credentials = new { key = "search-demo-key" }, settings = new { indexName = "products" }, expiresAt = In(-3),
            },
            new
            {
                alias = "legacy-endpoint", name = "Legacy scoring API", provider = "CustomEndpoint", target = "https://scoring.contoso.com/v2",
                authType = "ApiKey", credentials = new { key = "legacy-demo-key" },
            },
        };
        foreach (var connection in connections)
        {
            await api.SendAsync(HttpMethod.Post, $"/api/hubs/{hub}/connections", connection);
        }
        await api.SendAsync(HttpMethod.Put, $"/api/hubs/{hub}/connections/openai-prod/dependents/profile-support",
            new { kind = "profile", name = "Support assistant" });
        await api.SendAsync(HttpMethod.Post, $"/api/hubs/{hub}/connections/openai-prod/listSecrets");
        await api.SendAsync(HttpMethod.Post, $"/api/hubs/{hub}/connections/legacy-endpoint/disable");
        return hub;
    }
}
