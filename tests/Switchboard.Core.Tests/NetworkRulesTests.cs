using System.Net;
using Switchboard.Core.Connections;

namespace Switchboard.Core.Tests;

public class NetworkRulesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("169.254.169.254")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("255.255.255.255")]
    [InlineData("224.0.0.251")]
    [InlineData("ff02::1")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("fd00::1")]
    public void ForbiddenByDefault(string address) => Assert.False(new NetworkRules().Allows(IPAddress.Parse(address)));

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("172.20.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("fd12:3456::1")]
    public void PrivateRangesOnlyWhenAllowed(string address) => Assert.True(new NetworkRules(AllowPrivate: true).Allows(IPAddress.Parse(address)));

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    public void NeverAllowedWhateverTheSettings(string address) => Assert.False(new NetworkRules(true, true).Allows(IPAddress.Parse(address)));

    [Theory]
    [InlineData("20.1.2.3")]
    [InlineData("172.32.0.1")]
    [InlineData("2603:1030::1")]
    public void PublicAddressesAreAllowed(string address) => Assert.True(new NetworkRules().Allows(IPAddress.Parse(address)));

    [Theory]
    [InlineData("https://localhost/", false)]
    [InlineData("https://api.localhost/", false)]
    [InlineData("https://[::1]:8443/", false)]
    [InlineData("https://api.openai.com/v1", true)]
    public void HostsThatNeedNoResolving(string url, bool allowed) => Assert.Equal(allowed, new NetworkRules().AllowsHost(new Uri(url)));
}
