using Switchboard.Core;

namespace Switchboard.Core.Tests;

public class NamesTests
{
    [Theory]
    [InlineData("abc", true)]
    [InlineData("hub-1", true)]
    [InlineData("ab", false)]
    [InlineData("-hub", false)]
    [InlineData("hub-", false)]
    [InlineData("Hub", false)]
    [InlineData("hub_1", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void HubAndProjectNamesAreLowercaseDnsLabels(string? name, bool valid) =>
        Assert.Equal(valid, Names.IsValidResourceName(name));

    [Fact]
    public void ResourceNamesAreAtMost63Characters()
    {
        Assert.True(Names.IsValidResourceName(new string('a', 63)));
        Assert.False(Names.IsValidResourceName(new string('a', 64)));
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("OpenAI-Prod", true)]
    [InlineData("9lives", true)]
    [InlineData("-x", false)]
    [InlineData("a b", false)]
    [InlineData("a.b", false)]
    [InlineData("", false)]
    public void AliasesAreLettersDigitsAndHyphens(string alias, bool valid) =>
        Assert.Equal(valid, Names.IsValidAlias(alias));

    [Fact]
    public void AliasesAreAtMost63Characters()
    {
        Assert.True(Names.IsValidAlias(new string('A', 63)));
        Assert.False(Names.IsValidAlias(new string('A', 64)));
    }

    [Fact]
    public void AliasesCompareCaseInsensitively() =>
        Assert.Equal(Names.AliasKey("OpenAI-Prod"), Names.AliasKey("openai-PROD"));
}
