using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Switchboard.Portal.Tests;

/// <summary>Against a service of its own that requires authentication (no anonymous access), with a bootstrap admin key.</summary>
public sealed class SignInTests : IAsyncLifetime
{
    private const string AdminKey = "portal-test-admin-key-7d3f";
    private PortalService service = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        service = await PortalService.StartAsync(new Dictionary<string, string?> { ["SWITCHBOARD_ADMIN_KEY"] = AdminKey });
        (playwright, browser) = await PortalFixture.LaunchAsync();
    }

    [Fact]
    public async Task ARefusedRequestShowsTheSignInFormAndAnApiKeyKeptOnlyInTheTabOpensThePortal()
    {
        service.Api.DefaultRequestHeaders.Add("x-api-key", AdminKey);
        var hub = await service.Api.NewHubAsync();
        await service.Api.CreateOpenAIConnectionAsync(hub, "openai-signed-in");
        await using var portal = await PortalPage.OpenAsync(browser, service.BaseAddress, 1280, 900);
        var page = portal.Page;
        await portal.GoToAsync($"/hubs/{hub}/connections");

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Sign in to Switchboard" });
        await Expect(dialog).ToContainTextAsync("Sign in to use the API.");
        await dialog.GetByLabel("Key", new() { Exact = true }).FillAsync("not-the-key");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("You are not signed in");

        await dialog.GetByLabel("Key", new() { Exact = true }).FillAsync(AdminKey);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.Locator("tr[data-alias='openai-signed-in']")).ToBeVisibleAsync();
        await Expect(page.Locator("#account-state")).ToHaveTextAsync("Signed in with an API key");
        Assert.DoesNotContain(AdminKey, page.Url);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length"));
        Assert.Contains(AdminKey, await page.EvaluateAsync<string>("() => JSON.stringify({ ...sessionStorage })"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Sign in to Switchboard" })).ToBeVisibleAsync();
        Assert.DoesNotContain(AdminKey, await page.EvaluateAsync<string>("() => JSON.stringify({ ...sessionStorage })"));
        Assert.Empty(portal.Errors);
    }

    public async Task DisposeAsync()
    {
        await browser.CloseAsync();
        playwright.Dispose();
        await service.DisposeAsync();
    }
}
