using Microsoft.Extensions.Configuration;
using Switchboard.Server.Hosting;

namespace Switchboard.Api.Tests.Hosting;

public class ListenAddressTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void StandaloneListensOnTheFunctionsPort() =>
        Assert.Equal("http://localhost:7071", ListenAddress.Resolve(Settings()));

    [Fact]
    public void ExplicitUrlsAreRespectedStandalone() =>
        Assert.Null(ListenAddress.Resolve(Settings(("urls", "http://localhost:5000"))));
}
