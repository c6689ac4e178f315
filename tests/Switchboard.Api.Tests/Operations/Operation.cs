using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.Api.Tests.Registry;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Operations;

/// <summary>Follows a 202 the way Logic Apps does: poll the Location until the answer is not 202.</summary>
public static class Operation
{
    public static async Task<JsonElement> AcceptedAsync(HttpResponseMessage response)
    {
        var body = await ApiClient.Expect(response, HttpStatusCode.Accepted);
        Assert.True(response.Headers.Location!.IsAbsoluteUri);
        Assert.NotNull(response.Headers.RetryAfter);
        return body;
    }

    public static async Task<JsonElement> CompletionAsync(ApiClient api, HttpResponseMessage accepted, TimeSpan? timeout = null)
    {
        await AcceptedAsync(accepted);
        return await FinishedAsync(api, accepted.Headers.Location!.ToString(), timeout);
    }

    public static async Task<JsonElement> FinishedAsync(ApiClient api, string location, TimeSpan? timeout = null)
    {
        HttpResponseMessage response;
        try
        {
            response = await Eventually.ResultAsync(() => api.Http.GetAsync(location + "?showHistory=true"),
                r => r.StatusCode != HttpStatusCode.Accepted, timeout ?? TimeSpan.FromSeconds(60), "the operation to finish");
        }
        catch (TimeoutException e)
        {
            // Where it stands says more than the headers of the last answer.
            throw new TimeoutException(e.Message + Environment.NewLine + await api.Http.GetStringAsync(location + "?showHistory=true"), e);
        }
        return await ApiClient.Expect(response, HttpStatusCode.OK);
    }

    /// <summary>Waits until a running operation reaches the named step.</summary>
    public static async Task<JsonElement> AtStepAsync(ApiClient api, string location, string step) =>
        await Eventually.ResultAsync(async () => await (await api.Http.GetAsync(location)).Content.ReadFromJsonAsync<JsonElement>(),
            op => op.GetProperty("progress").GetProperty("step").GetString() == step || op.GetProperty("status").GetString() is "Completed" or "Failed",
            TimeSpan.FromSeconds(60), $"the operation to reach '{step}'");
}
