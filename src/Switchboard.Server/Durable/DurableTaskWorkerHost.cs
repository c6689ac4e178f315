using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Switchboard.Workflows;

namespace Switchboard.Server.Durable;

/// <summary>
/// Runs the orchestrations on the Durable Task Framework's Azure Storage provider: creates the task hub if it is
/// missing, registers every class of <see cref="WorkflowCatalog"/> and works the hub's partitions it can lease,
/// so several processes on one storage account share the work. Storage that does not answer yet does not stop
/// the app (health reports it): the hub is created as soon as it answers, and operations wait for that.
/// </summary>
public sealed class DurableTaskWorkerHost(AzureStorageOrchestrationService service, TaskHubReadiness readiness, IServiceProvider services,
    ILoggerFactory loggers) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var logger = loggers.CreateLogger<DurableTaskWorkerHost>();
        for (var delay = TimeSpan.FromSeconds(1); ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks)))
        {
            try
            {
                await service.CreateIfNotExistsAsync().WaitAsync(stoppingToken);
                break;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "The task hub could not be created; trying again in {Delay}", delay);
                await Task.Delay(delay, stoppingToken);
            }
        }
        readiness.Ready();
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions(), loggers);
        var worker = new TaskHubWorker(service, loggers);
        worker.AddTaskOrchestrations([.. WorkflowCatalog.Orchestrators.Select(o => ShimCreator<TaskOrchestration>.Orchestration(shims, o.Key, o.Value))]);
        worker.AddTaskActivities([.. WorkflowCatalog.Activities.Select(a => ShimCreator<TaskActivity>.Activity(shims, services, a.Key, a.Value))]);
        await worker.StartAsync();
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // The host stops.
        }
        finally
        {
            // Not gracefully: work in hand goes back to the queues at once rather than being waited for.
            await worker.StopAsync(isForced: true);
        }
    }
}
