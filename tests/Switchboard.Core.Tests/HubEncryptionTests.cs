using Switchboard.Core.Errors;
using Switchboard.Core.Hubs;

namespace Switchboard.Core.Tests;

public class HubEncryptionTests
{
    private static readonly HubEncryption Cmk = new(KeySource.CustomerManaged, new Uri("https://cmk.vault.azure.net/"), "key1", "v1");

    [Fact]
    public void AKeyRotationInTheSameVaultIsAllowed() =>
        Assert.Equal("key2", Cmk.ChangeTo(Cmk with { KeyName = "key2", KeyVersion = "v9" }).KeyName);

    [Fact]
    public void AnotherVaultIsRefused() =>
        Assert.Equal(ErrorCode.KeyVaultChangeNotAllowed,
            Assert.Throws<SwitchboardException>(() => Cmk.ChangeTo(Cmk with { KeyVaultUri = new Uri("https://other.vault.azure.net/") })).Code);

    [Fact]
    public void SwitchingToMicrosoftManagedIsRefused() =>
        Assert.Equal(ErrorCode.EncryptionImmutable, Assert.Throws<SwitchboardException>(() => Cmk.ChangeTo(HubEncryption.MicrosoftManaged)).Code);

    [Fact]
    public void SwitchingToCustomerManagedIsRefused() =>
        Assert.Equal(ErrorCode.EncryptionImmutable, Assert.Throws<SwitchboardException>(() => HubEncryption.MicrosoftManaged.ChangeTo(Cmk)).Code);

    [Fact]
    public void ACustomerManagedKeyNeedsAVaultAndAName()
    {
        Assert.Throws<SwitchboardException>(() => (Cmk with { KeyVaultUri = null }).Validated());
        Assert.Throws<SwitchboardException>(() => (Cmk with { KeyName = " " }).Validated());
        Assert.Throws<SwitchboardException>(() => (Cmk with { KeyVaultUri = new Uri("http://cmk.vault.azure.net/") }).Validated());
    }

    [Fact]
    public void MicrosoftManagedTakesNoKeyDetails() =>
        Assert.Throws<SwitchboardException>(() => (HubEncryption.MicrosoftManaged with { KeyName = "k" }).Validated());
}
