using System.Collections.Concurrent;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Switchboard.Workflows.Telemetry;

namespace Switchboard.Workflows;

/// <summary>
/// The standalone host's queue pump (in Azure the Functions queue trigger does this): receives wake-ups in
/// batches of up to 32, runs up to <see cref="WorkflowOptions.MaxConcurrentSteps"/> at once, and backs off while
/// the queue is empty, unless this process itself enqueues a wake-up due now (a workflow started here). A message stays invisible longer than a lease, so if this host dies mid-step it returns
/// only once the step can be claimed again.
/// </summary>
public sealed class WorkflowDispatcher(WorkflowEngine engine, ILogger<WorkflowDispatcher> logger) : BackgroundService
{
    private const int ReceiveLimit = 32;

    private readonly WorkflowOptions options = engine.Context.Options;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(options.MaxConcurrentSteps);
        var running = new ConcurrentDictionary<Task, bool>();
        var idle = options.IdleDelayMin;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                var taken = 1;
                while (taken < ReceiveLimit && slots.Wait(0))
                {
                    taken++;
                }
                var enqueuedHere = engine.Context.LocalWakeUps.Next;
                var messages = await ReceiveAsync(taken, stoppingToken);
                if (messages.Length < taken)
                {
                    slots.Release(taken - messages.Length);
                }
                if (messages.Length == 0)
                {
                    // Back off while the queue stays empty, unless this process enqueues a wake-up due now.
                    var nudged = await PauseAsync(idle, enqueuedHere, stoppingToken);
                    idle = nudged ? options.IdleDelayMin : idle * 2 < options.IdleDelayMax ? idle * 2 : options.IdleDelayMax;
                    continue;
                }
                idle = options.IdleDelayMin;
                foreach (var message in messages)
                {
                    var task = Task.Run(async () =>
                    {
                        try
                        {
                            await HandleAsync(message, stoppingToken);
                        }
                        finally
                        {
                            slots.Release();
                        }
                    }, CancellationToken.None);
                    running[task] = true;
                    _ = task.ContinueWith(t => running.TryRemove(t, out _), TaskScheduler.Default);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Steps in flight see the cancellation and hand their step back with a new wake-up; the messages they
        // were handling come back after the visibility timeout, stale by then.
        await Task.WhenAll(running.Keys);
    }

    private async Task<QueueMessage[]> ReceiveAsync(int count, CancellationToken ct)
    {
        try
        {
            return await engine.Context.Queue.ReceiveAsync(count, options.MessageVisibilityTimeout, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.ReceiveFailed(e);
            await PauseAsync(options.IdleDelayMax, ct);
            return [];
        }
    }

    private async Task HandleAsync(QueueMessage message, CancellationToken ct)
    {
        var queue = engine.Context.Queue;
        try
        {
            if (message.DequeueCount > options.MaxDequeueCount)
            {
                logger.Poison(message.MessageId, message.DequeueCount);
                await queue.DeleteAsync(message, ct);
                return;
            }
            var result = await engine.Runner.HandleAsync(message.Body.ToString(), ct);
            if (result.RetryAfter is { } delay)
            {
                await queue.HideAsync(message, delay, ct);
            }
            else
            {
                await queue.DeleteAsync(message, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.HandlingFailed(e, message.MessageId);
        }
    }

    // The pause paces polling of the real queue, so it runs on real time even when the engine's clock is a test's.
    private static Task PauseAsync(TimeSpan delay, CancellationToken ct) => Task.Delay(delay, TimeProvider.System, ct);

    /// <summary>Pauses until the delay is over or <paramref name="nudge"/> completes; true for the nudge.</summary>
    private static async Task<bool> PauseAsync(TimeSpan delay, Task nudge, CancellationToken ct)
    {
        var pause = PauseAsync(delay, ct);
        if (await Task.WhenAny(pause, nudge) == nudge)
        {
            return true;
        }
        await pause;
        return false;
    }
}
