namespace Switchboard.Infra.Tests;

[Collection(CompiledTemplatesCollection.Name)]
public sealed class MonitoringTests(CompiledTemplates templates)
{
    [Fact]
    public void ApplicationInsightsDisablesLocalAuth()
    {
        var component = templates.Main.Single("Microsoft.Insights/components");

        Assert.True((bool?)component["properties", "disableLocalAuth"] ?? false);
    }

    [Fact]
    public void ApplicationInsightsSendsToLogAnalytics()
    {
        var component = templates.Main.Single("Microsoft.Insights/components");

        Assert.Contains("Microsoft.OperationalInsights/workspaces", (string?)component["properties", "WorkspaceResourceId"]);
    }
}
