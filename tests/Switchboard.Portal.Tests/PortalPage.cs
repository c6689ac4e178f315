using Microsoft.Playwright;

namespace Switchboard.Portal.Tests;

/// <summary>A browser page on the portal, and the errors its scripts and content security policy reported.</summary>
public sealed class PortalPage : IAsyncDisposable
{
    private readonly IBrowserContext context;
    private readonly List<string> errors = [];

    public IPage Page { get; }
    public Uri BaseAddress { get; }
    public IReadOnlyList<string> Errors => errors;

    private PortalPage(IBrowserContext context, IPage page, Uri baseAddress)
    {
        this.context = context;
        Page = page;
        BaseAddress = baseAddress;
        page.PageError += (_, message) => errors.Add(message);
        page.Console += (_, message) =>
        {
            // Failed requests (a 404 the page expects) are logged as errors too; keep only script and policy ones.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
    }

    public static async Task<PortalPage> OpenAsync(IBrowser browser, Uri baseAddress, int width, int height)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BaseURL = baseAddress.ToString(),
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        return new PortalPage(context, await context.NewPageAsync(), baseAddress);
    }

    /// <summary>Opens a portal route (the part after '#'), e.g. "/hubs/contoso/connections".</summary>
    public async Task GoToAsync(string route, string mount = "/")
    {
        await Page.GotoAsync($"{mount}#{route}");
    }

    /// <summary>Fails when the page shows a value that was never filled in ("null", "undefined", "NaN").</summary>
    public async Task AssertNoStrayValuesAsync()
    {
        var text = await Page.Locator("body").InnerTextAsync();
        Assert.DoesNotMatch(@"\b(null|undefined|NaN|\[object Object\])\b", text);
    }

    public ValueTask DisposeAsync() => new(context.CloseAsync());
}
