using Microsoft.Extensions.Configuration;
using Switchboard.Functions.Hosting;

namespace Switchboard.Functions.Tests.Hosting;

public class ListenAddressTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void StandaloneListensOnTheFunctionsPort() =>
        Assert.Equal("http://localhost:7071", ListenAddress.Resolve(Settings()));

    [Fact]
    public void UnderTheFunctionsHostListensOnLoopbackAtTheGivenPortOnly() =>
        Assert.Equal("http://127.0.0.1:51234", ListenAddress.Resolve(Settings(("FUNCTIONS_CUSTOMHANDLER_PORT", "51234"), ("urls", "http://0.0.0.0:80"))));

    [Fact]
    public void ExplicitUrlsAreRespectedStandalone() =>
        Assert.Null(ListenAddress.Resolve(Settings(("urls", "http://localhost:5000"))));

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("70000")]
    public void ABadCustomHandlerPortIsRefusedNamingTheSetting(string port)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ListenAddress.Resolve(Settings(("FUNCTIONS_CUSTOMHANDLER_PORT", port))));
        Assert.Contains("FUNCTIONS_CUSTOMHANDLER_PORT", error.Message);
    }
}
