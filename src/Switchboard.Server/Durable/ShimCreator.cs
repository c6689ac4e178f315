using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;

namespace Switchboard.Server.Durable;

/// <summary>
/// Hands the Durable Task Framework a fresh shim over one of our orchestrator or activity classes for each work
/// item: orchestrators are plain objects, activities get their services from the container.
/// </summary>
internal sealed class ShimCreator<T> : ObjectCreator<T>
{
    private readonly Func<T> create;

    private ShimCreator(string name, Func<T> create)
    {
        Name = name;
        Version = "";
        this.create = create;
    }

    public override T Create() => create();

    public static ObjectCreator<TaskOrchestration> Orchestration(DurableTaskShimFactory shims, string name, Type type) =>
        new ShimCreator<TaskOrchestration>(name, () => shims.CreateOrchestration(name, (ITaskOrchestrator)Activator.CreateInstance(type)!, null));

    public static ObjectCreator<TaskActivity> Activity(DurableTaskShimFactory shims, IServiceProvider services, string name, Type type) =>
        new ShimCreator<TaskActivity>(name, () => shims.CreateActivity(name, (ITaskActivity)ActivatorUtilities.CreateInstance(services, type)));
}
