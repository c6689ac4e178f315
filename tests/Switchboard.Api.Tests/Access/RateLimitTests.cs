using System.Net;
using Switchboard.Api.Tests.Hosting;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Access;

public class RateLimitTests(IsolatedStorage storage) : IClassFixture<IsolatedStorage>
{
    [Fact]
    public async Task ACallerOverItsLimitGets429WithRetryAfterWhileOthersGoOn()
    {
        await using var app = new SwitchboardApplication(storage)
            .With("Switchboard:Auth:AllowAnonymous", "false")
            .With("SWITCHBOARD_ADMIN_KEY", "admin-rate-limit-key")
            .With("Switchboard:RateLimit:RequestsPerMinute", "3");
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("x-api-key", "admin-rate-limit-key");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/providers")).StatusCode);
        }
        var limited = await client.GetAsync("/api/providers");

        await ProblemDetailsTests.AssertProblem(limited, HttpStatusCode.TooManyRequests, "TooManyRequests");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/api/health")).StatusCode);
    }
}
