using Microsoft.Playwright;

namespace Switchboard.Portal.Tests;

/// <summary>Screenshots of the main screens, kept as test artifacts under TestResults/screenshots.</summary>
public static class Screenshots
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static async Task<string> SaveAsync(IPage page, string name, bool fullPage = true)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, name + ".png");
        // The status toast comes and goes; leave it out of the picture (a class, since the page allows no inline style).
        await page.EvaluateAsync("document.getElementById('status')?.classList.remove('visible')");
        // The header is sticky: from the top, a full-page picture shows it where it belongs.
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage, Animations = ScreenshotAnimations.Disabled });
        return path;
    }
}
