using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Switchboard.KeyVaultEmulator.Certificates;

/// <summary>
/// The emulator's self-signed TLS certificate. Key Vault clients refuse plain HTTP, so the
/// emulator must speak HTTPS; clients trust it by pinning the public certificate written as PEM
/// (never by turning validation off). The private key stays in the data dir so that a restart
/// keeps the same certificate and clients need not re-pin.
/// </summary>
public static class EmulatorCertificate
{
    public const string PemFileName = "emulator-cert.pem";
    public const string PfxFileName = "emulator-cert.pfx";

    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(2 * 365);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    /// <summary>Loads the certificate kept in <paramref name="dataDir"/>, or makes one; writes the PEM either way.</summary>
    public static (X509Certificate2 Certificate, string PemPath) LoadOrCreate(string dataDir, TimeProvider clock)
    {
        Directory.CreateDirectory(dataDir);
        var pfxPath = Path.Combine(dataDir, PfxFileName);
        var certificate = TryLoad(pfxPath, clock.GetUtcNow());
        if (certificate is null)
        {
            var pfx = Create(clock.GetUtcNow());
            AtomicFile.Write(pfxPath, pfx, ownerOnly: true);
            certificate = X509CertificateLoader.LoadPkcs12(pfx, password: null);
        }
        var pemPath = Path.GetFullPath(Path.Combine(dataDir, PemFileName));
        AtomicFile.Write(pemPath, System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem() + "\n"), ownerOnly: false);
        return (certificate, pemPath);
    }

    private static X509Certificate2? TryLoad(string pfxPath, DateTimeOffset now)
    {
        if (!File.Exists(pfxPath))
        {
            return null;
        }
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(pfxPath, password: null);
            if (certificate.HasPrivateKey && certificate.NotAfter.ToUniversalTime() > now.UtcDateTime + RenewBefore)
            {
                return certificate;
            }
            certificate.Dispose();
        }
        catch (CryptographicException)
        {
            // A damaged file is replaced by a new certificate rather than stopping the emulator.
        }
        return null;
    }

    private static byte[] Create(DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost, O=Switchboard Key Vault Emulator", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now + Lifetime);
        return certificate.Export(X509ContentType.Pkcs12);
    }
}
