using Cronos;
using Switchboard.Api.Timers;

namespace Switchboard.Server.Timers;

/// <summary>
/// Fires the timer jobs on their NCRONTAB schedules, as the Functions host does: each occurrence once, by
/// whichever Server process claims it first (<see cref="JobClaims"/>).
/// </summary>
public sealed class JobScheduler(TimerJobs jobs, JobClaims claims, IConfiguration configuration, TimeProvider clock, ILogger<JobScheduler> logger) : BackgroundService
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
                if (await claims.TryClaimAsync(job, new DateTimeOffset(next.Value, TimeSpan.Zero), ct))
                {
                    await jobs.RunAsync(job, ct);
                }
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
