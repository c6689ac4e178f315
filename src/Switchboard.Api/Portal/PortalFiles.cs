using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Switchboard.Api.Portal;

/// <summary>
/// The management portal: static files, public like any web page (the API they call is what is protected).
/// Served at <c>/</c> standalone, and at <c>/api/portal/</c> too, because under the Functions host only
/// <c>/api/...</c> reaches the app.
/// </summary>
public static class PortalFiles
{
    public const string FunctionsPath = "/api/portal";

    public static void UsePortal(this IApplicationBuilder app)
    {
        // The files are copied beside the host's assemblies (see Switchboard.Api.csproj), whichever host it is.
        var files = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, OnPrepareResponse = NoSniff });
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = FunctionsPath });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = FunctionsPath, OnPrepareResponse = NoSniff });
    }

    private static void NoSniff(StaticFileResponseContext context)
    {
        var headers = context.Context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // The portal loads nothing from elsewhere; a strict policy keeps injected script from running.
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";
    }
}
