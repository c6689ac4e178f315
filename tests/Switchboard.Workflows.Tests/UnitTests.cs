using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Switchboard.Workflows.Engine;
using Switchboard.Workflows.Storage;
using Switchboard.Workflows.Tests.Support;

namespace Switchboard.Workflows.Tests;

/// <summary>Rules that need no storage.</summary>
public sealed class UnitTests
{
    [Fact]
    public void BackoffDoublesPerAttemptUpToTheMaximumPlusAtMostAFifthOfJitter()
    {
        var (baseDelay, max) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(1), Backoff.Delay(1, baseDelay, max, jitter: 0));
        Assert.Equal(TimeSpan.FromSeconds(4), Backoff.Delay(3, baseDelay, max, jitter: 0));
        Assert.Equal(TimeSpan.FromSeconds(10), Backoff.Delay(30, baseDelay, max, jitter: 0));
        Assert.Equal(TimeSpan.FromSeconds(12), Backoff.Delay(100, baseDelay, max, jitter: 1));
    }

    [Fact]
    public void AWakeUpMessageIsTheInstanceIdAndTokenAndNothingElse()
    {
        Assert.Equal("rotation-c1|abc", new WakeUp("rotation-c1", "abc").ToString());
        Assert.True(WakeUp.TryParse("\"rotation-c1|abc\"", out var quoted));
        Assert.Equal(new WakeUp("rotation-c1", "abc"), quoted);
        Assert.False(WakeUp.TryParse("rotation-c1", out _));
        Assert.False(WakeUp.TryParse("|abc", out _));
        Assert.False(WakeUp.TryParse("rotation-c1|", out _));
    }

    [Fact]
    public void QueueDelaysRoundUpToWholeSecondsSoAWakeUpNeverComesEarly()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), WakeUpQueue.WholeSeconds(TimeSpan.FromMilliseconds(100)));
        Assert.Equal(TimeSpan.FromSeconds(6), WakeUpQueue.WholeSeconds(TimeSpan.FromSeconds(5.2)));
    }

    [Fact]
    public void ADefinitionRefusesTwoStepsOfTheSameName()
    {
        var definition = new WorkflowDefinition<Progress>("Dup").Step("a", ctx => ctx.Next());
        Assert.Throws<ArgumentException>(() => definition.Step("a", ctx => ctx.Next()));
    }

    [Fact]
    public void TheRegistryRefusesTwoWorkflowsOfOneNameAndAWorkflowWithoutSteps()
    {
        var one = new WorkflowDefinition<Progress>("Same").Step("a", ctx => ctx.Next());
        var two = new WorkflowDefinition<Progress>("Same").Step("b", ctx => ctx.Next());
        Assert.Throws<ArgumentException>(() => new WorkflowRegistry(one, two));
        Assert.Throws<ArgumentException>(() => new WorkflowRegistry(new WorkflowDefinition<Progress>("Empty")));
    }

    [Fact]
    public void TheEngineRefusesOptionsWhereAMessageWouldReturnBeforeItsLeaseRunsOut()
    {
        var options = new WorkflowOptions { LeaseDuration = TimeSpan.FromMinutes(5), MessageVisibilityTimeout = TimeSpan.FromMinutes(4) };
        Assert.False(new WorkflowOptionsValidator().Validate(null, options).Succeeded);
        Assert.Throws<OptionsValidationException>(() => new WorkflowEngine(
            new Azure.Data.Tables.TableServiceClient("UseDevelopmentStorage=true"),
            new Azure.Storage.Queues.QueueServiceClient("UseDevelopmentStorage=true"),
            new WorkflowRegistry(), Options.Create(options), TimeProvider.System, NullLogger<WorkflowEngine>.Instance));
        Assert.True(new WorkflowOptionsValidator().Validate(null, new WorkflowOptions { Prefix = "sb1" }).Succeeded);
        Assert.False(new WorkflowOptionsValidator().Validate(null, new WorkflowOptions { Prefix = "sb-1" }).Succeeded);
    }
}
