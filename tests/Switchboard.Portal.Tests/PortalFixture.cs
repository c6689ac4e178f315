using Microsoft.Playwright;

namespace Switchboard.Portal.Tests;

/// <summary>
/// One service (anonymous access, as in development until authentication lands) and one Chromium for the
/// whole collection; each test takes its own hub and its own browser context.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    // Without these, Debian's Chromium reaches for the network (which this machine does not have) and stalls.
    private static readonly string[] ChromiumArguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? playwright;

    public PortalService Service { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public HttpClient Api => Service.Api;

    public async Task InitializeAsync()
    {
        // The machine has 2 cores shared with other work: give the page time, never a sleep.
        Assertions.SetDefaultExpectTimeout(20_000);
        Service = await PortalService.StartAsync(new Dictionary<string, string?> { ["Switchboard__Auth__AllowAnonymous"] = "true" });
        (playwright, Browser) = await LaunchAsync();
    }

    public static async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The portal tests drive Debian's Chromium at {ChromiumPath}: apt-get install chromium (scripts/dev-services.sh: sb_ensure_chromium).");
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArguments,
        });
        return (playwright, browser);
    }

    /// <summary>A fresh page (own cookies and storage) at the given size, with its script errors collected.</summary>
    public Task<PortalPage> OpenAsync(int width = 1280, int height = 900) => PortalPage.OpenAsync(Browser, Service.BaseAddress, width, height);

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        playwright?.Dispose();
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "Portal";
}
