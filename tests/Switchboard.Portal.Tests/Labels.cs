using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Switchboard.Portal.Tests;

public static class Labels
{
    /// <summary>The field labelled exactly <paramref name="text"/> (a required field's label ends in a " *" mark).</summary>
    public static ILocator Field(this IPage page, string text) =>
        page.GetByLabel(new Regex($"^{Regex.Escape(text)}( \\*)?$"));

    public static ILocator Field(this ILocator scope, string text) =>
        scope.GetByLabel(new Regex($"^{Regex.Escape(text)}( \\*)?$"));
}
