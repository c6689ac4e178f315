using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Switchboard.Api;
using Switchboard.Core;
using Switchboard.Core.Operations;
using Switchboard.Functions.Http;
using Switchboard.Functions.Operations;
using Switchboard.Storage;

namespace Switchboard.Functions;

/// <summary>The Functions app's services: the domain's, the storage layer's, the API's, the operations port over the invocation's Durable client, the pipeline.</summary>
public static class FunctionsComposition
{
    public static void AddSwitchboardFunctions(this IHostApplicationBuilder builder)
    {
        builder.AddSwitchboardCore();
        builder.AddSwitchboardStorage();
        builder.AddSwitchboardApi();
        builder.Services.AddSingleton<IOperations, DurableClientOperations>();
        builder.Services.AddSingleton<ApiPipeline>();
    }
}
