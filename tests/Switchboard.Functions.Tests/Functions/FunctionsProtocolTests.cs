using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using Switchboard.Functions.FunctionsHost;
using Switchboard.Functions.Tests.Operations;
using Switchboard.Functions.Tests.Registry;
using Switchboard.Testing;

namespace Switchboard.Functions.Tests.Functions;

/// <summary>
/// The app under the Functions host: no background dispatcher or scheduler; the host's queue and timer
/// invocations arrive as <c>{Data, Metadata}</c> POSTs. These tests play the host's part.
/// </summary>
public class FunctionsProtocolTests(IsolatedStorage storage) : IClassFixture<IsolatedStorage>
{
    private static JsonElement Json(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;

    private static IEnumerable<(string Name, JsonElement Binding)> Triggers() =>
        Directory.GetDirectories(Path.Combine(TestEnvironment.RepositoryRoot, "functions"))
            .Select(dir => (Path.GetFileName(dir), Json(Path.Combine(dir, "function.json")).GetProperty("bindings")
                .EnumerateArray().Single(b => b.GetProperty("direction").GetString() == "in")));

    [Fact]
    public void EveryTimerFunctionRunsOnTheAppsSchedule()
    {
        var timers = Triggers().Where(t => t.Binding.GetProperty("type").GetString() == "timerTrigger").ToList();

        Assert.Equal(Schedules.All.Keys.Order(), timers.Select(t => t.Name).Order());
        Assert.All(timers, t => Assert.Equal(Schedules.All[t.Name], t.Binding.GetProperty("schedule").GetString()));
        Assert.All(timers, t => Assert.Equal(TriggerEndpoints.TimerBinding, t.Binding.GetProperty("name").GetString()));
    }

    [Fact]
    public void TheQueueFunctionDrainsTheEnginesWakeUpQueue()
    {
        var queue = Triggers().Single(t => t.Binding.GetProperty("type").GetString() == "queueTrigger");

        Assert.Equal(TriggerEndpoints.DispatchFunction, queue.Name);
        Assert.Equal(TriggerEndpoints.QueueBinding, queue.Binding.GetProperty("name").GetString());
        Assert.Equal("workflow-wakeups", queue.Binding.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", queue.Binding.GetProperty("connection").GetString());
    }

    [Fact]
    public async Task WorkflowsAdvanceOnlyThroughQueueInvocationsUnderTheFunctionsHost()
    {
        // Under the Functions host the queue name carries no prefix; this class owns that queue for the test.
        await using var app = new SwitchboardApplication(storage.ConnectionString, "")
            .With("FUNCTIONS_CUSTOMHANDLER_PORT", FreePort.Next().ToString());
        var api = new ApiClient(app);
        var hub = await api.CreateHubAsync();
        await api.CreateConnectionAsync($"/api/hubs/{hub}", new
        {
            alias = "fx", provider = "AzureSql", target = "https://sql.example/", authType = "ServicePrincipal",
            credentials = new { tenantId = "t", clientId = "c", clientSecret = "s1" }, settings = new { database = "db" }, rotation = new { gracePeriod = "PT0S" },
        });
        var accepted = await api.PostJsonAsync($"/api/hubs/{hub}/connections/fx/rotate", new { credentials = new { tenantId = "t", clientId = "c", clientSecret = "s2" } });
        var location = accepted.Headers.Location!.ToString();
        var queue = new QueueClient(storage.ConnectionString, "workflow-wakeups", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

        // No dispatcher of its own: the rotation waits, not started, until the host invokes the function.
        await Task.Delay(500);
        Assert.Equal("Pending", (await api.Http.GetFromJsonAsync<JsonElement>(location)).GetProperty("status").GetString());

        var invocations = 0;
        while ((await api.Http.GetAsync(location)).StatusCode == HttpStatusCode.Accepted && invocations < 40)
        {
            var message = (await queue.ReceiveMessageAsync()).Value;
            if (message is null)
            {
                await Task.Delay(100);
                continue;
            }
            var response = await api.Http.PostAsJsonAsync("/WorkflowDispatch", new
            {
                Data = new Dictionary<string, object> { ["message"] = message.MessageText },
                Metadata = new { DequeueCount = message.DequeueCount, Id = message.MessageId, sys = new { MethodName = "WorkflowDispatch" } },
            });
            var body = await ApiClient.Expect(response, HttpStatusCode.OK);
            Assert.True(body.TryGetProperty("Outputs", out _) && body.TryGetProperty("Logs", out _) && body.TryGetProperty("ReturnValue", out _));
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            invocations++;
        }

        var done = await Operation.FinishedAsync(api, location);
        Assert.Equal("Completed", done.GetProperty("status").GetString());
        // Its steps are due one after another, so they may all run on one invocation.
        Assert.True(invocations >= 1);
    }

    [Fact]
    public async Task TimerInvocationsRunTheirJob()
    {
        await using var app = new SwitchboardApplication(storage.ConnectionString, "")
            .With("FUNCTIONS_CUSTOMHANDLER_PORT", FreePort.Next().ToString());

        var response = await app.CreateClient().PostAsJsonAsync("/WorkflowSweep", new
        {
            Data = new { timer = new { Schedule = new { AdjustForDST = false }, ScheduleStatus = new { Last = DateTimeOffset.UtcNow }, IsPastDue = false } },
            Metadata = new { sys = new { MethodName = "WorkflowSweep", UtcNow = DateTimeOffset.UtcNow } },
        });

        var body = await ApiClient.Expect(response, HttpStatusCode.OK);
        Assert.Contains("WorkflowSweep ran.", body.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task TriggerRoutesDoNotExistStandalone()
    {
        await using var app = new SwitchboardApplication(storage);

        var response = await app.CreateClient().PostAsJsonAsync("/WorkflowSweep", new { Data = new { } });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
