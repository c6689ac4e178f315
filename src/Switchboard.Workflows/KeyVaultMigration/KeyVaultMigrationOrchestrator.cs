using Microsoft.DurableTask;
using Switchboard.Core.KeyVault;
using Switchboard.Workflows.Progress;

namespace Switchboard.Workflows.KeyVaultMigration;

/// <summary>
/// Moves a hub's credentials to another vault while they stay readable: begin (credential writes wait), prove
/// access to the target (waiting on durable timers while it answers 403, as setup does), copy the connections in
/// batches and switch each row to its copies, switch the hub's vault once no row names the source, then delete the
/// source secrets and announce it. A connection under rotation is waited for. A failure before the hub's vault is
/// switched rolls everything back.
/// </summary>
public sealed class KeyVaultMigrationOrchestrator : TaskOrchestrator<KeyVaultMigrationRequest, KeyVaultMigrationResult>
{
    public const string Name = "KeyVaultMigration";
    public const string Begin = "Begin";
    public const string Verify = "Verify target";
    public const string Copy = "Copy credentials";
    public const string Switch = "Switch vault";
    public const string Clean = "Delete source secrets";

    /// <summary>Connections per activity (each moves 8 at once).</summary>
    private const int BatchSize = 25;
    private const int DeletesPerActivity = 100;

    public override async Task<KeyVaultMigrationResult> RunAsync(TaskOrchestrationContext context, KeyVaultMigrationRequest input)
    {
        var steps = new OperationSteps(context, Begin, Verify, Copy, Switch, Clean);
        steps.Begin(Begin);
        var start = await context.CallActivityAsync<MigrationStart>(nameof(BeginMigration), input, Retries.Transient);
        if (start.Source is null)
        {
            throw steps.Fail(start.RefusalCode!, start.RefusalMessage!);
        }
        var leg = new MigrationLeg(input, start.Source);
        var deadline = context.CurrentUtcDateTime + input.Timeout;
        var moved = new HashSet<string>();
        var secretNames = new HashSet<string>();
        try
        {
            await VerifyAsync(context, steps, input, deadline);
            do
            {
                steps.Begin(Copy);
                await CopyAllAsync(context, steps, leg, deadline, moved, secretNames);
                steps.Begin(Switch);
            }
            while (!await context.CallActivityAsync<bool>(nameof(SwitchHubVault), leg, Retries.Transient));
        }
        catch (Exception e) when (e is OperationFailedException or TaskFailedException)
        {
            var failure = e as OperationFailedException ?? steps.Fail((TaskFailedException)e);
            steps.Compensating();
            await context.CallActivityAsync(nameof(RollBackMigration), new MigrationOutcome(leg, 0, failure.Message), Retries.Transient);
            throw failure;
        }

        steps.Begin(Clean);
        await Task.WhenAll(secretNames.Order(StringComparer.Ordinal).Chunk(DeletesPerActivity).Select(names =>
            context.CallActivityAsync(nameof(DeleteSourceSecrets), new SourceCleanup(leg, names), Retries.Transient)));
        await context.CallActivityAsync(nameof(AnnounceMigration), new MigrationOutcome(leg, moved.Count), Retries.Transient);
        steps.Finish();
        return new KeyVaultMigrationResult(leg.Source, input.Target, moved.Count);
    }

    private static async Task VerifyAsync(TaskOrchestrationContext context, OperationSteps steps, KeyVaultMigrationRequest input, DateTime deadline)
    {
        for (var attempt = 1; ; attempt++)
        {
            steps.Begin(Verify, attempt);
            var result = await context.CallActivityAsync<VaultProbeResult>(nameof(ProbeMigrationTarget), input, Retries.Transient);
            if (result == VaultProbeResult.Ok)
            {
                return;
            }
            var next = context.CurrentUtcDateTime + input.RetryInterval;
            if (next > deadline)
            {
                throw result == VaultProbeResult.Forbidden
                    ? steps.Fail("KeyVaultForbidden",
                        $"The vault {input.Target.Host} still refused Switchboard's identity at the deadline: give it the Key Vault Secrets Officer role on the vault and migrate again.")
                    : steps.Fail("KeyVaultUnreachable", $"The vault {input.Target.Host} did not answer before the deadline.");
            }
            steps.Note("TimerSet", result.ToString(), new DateTimeOffset(next, TimeSpan.Zero));
            await context.CreateTimer(next, CancellationToken.None);
        }
    }

    /// <summary>Rounds until no row names the source: each round lists, moves in batches, and waits for what could not move yet.</summary>
    private static async Task CopyAllAsync(TaskOrchestrationContext context, OperationSteps steps, MigrationLeg leg, DateTime deadline,
        HashSet<string> moved, HashSet<string> secretNames)
    {
        while (true)
        {
            var items = await context.CallActivityAsync<IReadOnlyList<MigrationItem>>(nameof(ListConnectionsToMove), leg, Retries.Transient);
            if (items.Count == 0)
            {
                return;
            }
            var waiting = new List<MoveResult>();
            // Every batch at once: the worker's activity limit and each vault's write limit set the pace.
            var results = await Task.WhenAll(items.Chunk(BatchSize).Select(batch =>
                context.CallActivityAsync<IReadOnlyList<MoveResult>>(nameof(MoveConnections), new MoveBatch(leg, batch), Retries.Transient)));
            foreach (var result in results.SelectMany(r => r))
            {
                switch (result.Outcome)
                {
                    case MoveOutcome.Moved:
                        moved.Add(result.Alias);
                        if (result.SecretName is { } name)
                        {
                            secretNames.Add(name);
                        }
                        break;
                    case MoveOutcome.Rejected:
                        throw steps.Fail("KeyVaultMigrationFailed", $"Connection '{result.Alias}' could not be moved: {result.Detail}");
                    case MoveOutcome.Gone:
                        break;
                    default:
                        waiting.Add(result);
                        break;
                }
            }
            if (waiting.Count == 0)
            {
                continue; // One more listing finds connections created meanwhile, or none.
            }
            var next = context.CurrentUtcDateTime + leg.Request.RetryInterval;
            var first = waiting[0];
            if (next > deadline)
            {
                throw first.Outcome switch
                {
                    MoveOutcome.Forbidden => steps.Fail("KeyVaultForbidden",
                        $"The vault {leg.Request.Target.Host} refused Switchboard's identity until the deadline (connection '{first.Alias}')."),
                    MoveOutcome.Waiting => steps.Fail("OperationInProgress",
                        $"Connection '{first.Alias}' was still being rotated at the deadline; migrate again once its rotation has finished."),
                    _ => steps.Fail("KeyVaultUnreachable", $"A vault did not answer before the deadline (connection '{first.Alias}': {first.Detail})."),
                };
            }
            steps.Note("TimerSet", $"{waiting.Count} connection(s) wait ({first.Outcome}), {moved.Count} moved", new DateTimeOffset(next, TimeSpan.Zero));
            await context.CreateTimer(next, CancellationToken.None);
        }
    }
}
