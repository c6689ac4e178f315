using Cronos;

namespace Switchboard.Functions.Timers;

/// <summary>Standalone only: fires the timer jobs on their NCRONTAB schedules, as the Functions host would.</summary>
public sealed class JobScheduler(TimerJobs jobs, IConfiguration configuration, TimeProvider clock, ILogger<JobScheduler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Schedules.All.Keys.Select(job =>
            RunForeverAsync(job, CronExpression.Parse(Schedules.Of(job, configuration), CronFormat.IncludeSeconds), stoppingToken)));

    private async Task RunForeverAsync(string job, CronExpression schedule, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var next = schedule.GetNextOccurrence(now.UtcDateTime, TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }
            try
            {
                await Task.Delay(next.Value - now.UtcDateTime, clock, ct);
                await jobs.RunAsync(job, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // One failed run must not stop the schedule; the next occurrence tries again.
                logger.LogError(e, "Timer job {Job} failed", job);
            }
        }
    }
}
