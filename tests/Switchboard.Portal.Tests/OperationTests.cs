using Microsoft.Playwright;
using Switchboard.Testing;
using static Microsoft.Playwright.Assertions;

namespace Switchboard.Portal.Tests;

/// <summary>The long-running operations in the browser: a rotation and a Key Vault setup, followed to the end.</summary>
[Collection(PortalCollection.Name)]
public class OperationTests(PortalFixture portal)
{
    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 60_000 };

    [Fact]
    public async Task RotatingAConnectionShowsItsProgressUntilItCompletes()
    {
        var hub = await portal.Api.NewHubAsync();
        await portal.Api.SendAsync(HttpMethod.Post, $"/api/hubs/{hub}/connections", new
        {
            alias = "sql-rotate", provider = "AzureSql", target = "https://sql.example/", authType = "ServicePrincipal",
            credentials = new { tenantId = "t", clientId = "c", clientSecret = "before" }, settings = new { database = "db" },
            rotation = new { gracePeriod = "PT0S" },
        });
        await using var browser = await portal.OpenAsync();
        var page = browser.Page;
        await browser.GoToAsync($"/hubs/{hub}/connections/sql-rotate");

        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        foreach (var input in await dialog.Locator(".credential-fields input").AllAsync())
        {
            await input.FillAsync("after");
        }
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Start rotation" }).ClickAsync();

        await Expect(page.Locator("main")).ToContainTextAsync("Completed.", Slow);
        await Expect(page.Locator("main")).ToContainTextAsync("Promote");
        var secrets = await portal.Api.SendAsync(HttpMethod.Post, $"/api/hubs/{hub}/connections/sql-rotate/listSecrets");
        Assert.Equal("after", secrets.GetProperty("credentials").GetProperty("clientSecret").GetString());
        await browser.AssertNoStrayValuesAsync();
        await Screenshots.SaveAsync(page, "rotation-completed");
    }

    [Fact]
    public async Task AKeyVaultIsConnectedFirstAndRefusedOnceAnotherConnectionExists()
    {
        var empty = await portal.Api.NewHubAsync();
        await using var browser = await portal.OpenAsync();
        var page = browser.Page;
        await browser.GoToAsync($"/hubs/{empty}/keyvault");

        await page.GetByRole(AriaRole.Textbox, new() { Name = "Vault URI", Exact = true }).FillAsync(TestVaults.SpareVault.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect a vault" }).ClickAsync();

        await Expect(page.Locator("main")).ToContainTextAsync("Completed.", Slow);
        Assert.Equal("Active", (await portal.Api.SendAsync(HttpMethod.Get, $"/api/hubs/{empty}/keyvault")).GetProperty("status").GetString());
        await Screenshots.SaveAsync(page, "key-vault-connected");

        var busy = await portal.Api.NewHubAsync();
        await portal.Api.CreateOpenAIConnectionAsync(busy, "already-here");
        await browser.GoToAsync($"/hubs/{busy}/keyvault");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Vault URI", Exact = true }).FillAsync(TestVaults.SpareVault.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect a vault" }).ClickAsync();

        await Expect(page.Locator("main")).ToContainTextAsync("must be the hub\u2019s first connection");
    }

    [Fact]
    public async Task AHubsCredentialsAreMovedToAnotherVaultWithTheMovesProgress()
    {
        var hub = await portal.Api.NewHubAsync();
        await portal.Api.CreateOpenAIConnectionAsync(hub, "moving");
        await using var browser = await portal.OpenAsync();
        var page = browser.Page;
        await browser.GoToAsync($"/hubs/{hub}/keyvault");

        await page.GetByLabel("Another vault").CheckAsync();
        await page.GetByLabel("Target vault URI").FillAsync(TestVaults.SpareVault.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Move credentials" }).ClickAsync();

        await Expect(page.Locator("main")).ToContainTextAsync("Key Vault migration", Slow);
        await Expect(page.Locator("main")).ToContainTextAsync("Completed.", Slow);
        Assert.Equal(TestVaults.SpareVault.ToString(), (await portal.Api.SendAsync(HttpMethod.Get, $"/api/hubs/{hub}/keyvault")).GetProperty("vaultUri").GetString());
        await Screenshots.SaveAsync(page, "key-vault-migrated");
    }
}
