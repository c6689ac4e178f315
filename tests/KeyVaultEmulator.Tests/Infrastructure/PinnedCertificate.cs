using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Switchboard.KeyVaultEmulator.Tests.Infrastructure;

/// <summary>
/// Trusts exactly one certificate: the one in the emulator's PEM. The emulator's certificate is
/// self-signed, so the chain never validates; instead of accepting everything, the handler
/// compares the presented certificate byte for byte with the pinned one (and still insists the
/// name matches).
/// </summary>
internal static class PinnedCertificate
{
    public static X509Certificate2 Load(string pemPath) => X509Certificate2.CreateFromPem(File.ReadAllText(pemPath));

    public static HttpClientHandler CreateHandler(X509Certificate2 pinned) => new()
    {
        ServerCertificateCustomValidationCallback = (_, presented, _, errors) =>
            presented is not null
            && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
            && presented.RawData.AsSpan().SequenceEqual(pinned.RawData),
    };
}
