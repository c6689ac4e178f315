using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Switchboard.Api;

namespace Switchboard.Functions.Http;

/// <summary>
/// The shared API pipeline (routing, authentication, rate limit, problem details, endpoints), built once. The
/// worker's own pipeline has already matched the catch-all function and set its endpoint and route values on
/// the request; they are cleared so that our routing matches the request as the standalone Server does.
/// </summary>
public sealed class ApiPipeline
{
    private readonly RequestDelegate pipeline;

    public ApiPipeline(IServiceProvider services)
    {
        var app = new ApplicationBuilder(services);
        app.UseSwitchboardApi();
        pipeline = app.Build();
    }

    public Task HandleAsync(HttpContext context)
    {
        context.SetEndpoint(null);
        context.Request.RouteValues.Clear();
        return pipeline(context);
    }
}
