using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Switchboard.Functions.Operations;

namespace Switchboard.Functions.Http;

/// <summary>
/// Every request under <c>/api</c> reaches the shared API pipeline through this one function, so routes, access
/// rules and errors are the same as the standalone Server's. Access is the pipeline's business: the function
/// itself is anonymous (a function key would stand in front of our own authentication).
/// </summary>
public sealed class ApiFunction(ApiPipeline pipeline)
{
    public const string Name = "HttpApi";

    [Function(Name)]
    public async Task RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", "head", "options", Route = "{*path}")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        using (DurableClientScope.Use(client))
        {
            await pipeline.HandleAsync(request.HttpContext);
        }
    }
}
