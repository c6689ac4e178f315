using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure;
using Switchboard.KeyVaultEmulator.Tests.Infrastructure;

namespace Switchboard.KeyVaultEmulator.Tests;

/// <summary>The bearer challenge handshake and the pinned TLS certificate.</summary>
public sealed class ChallengeAndCertificateTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_request_without_a_bearer_token_gets_401_with_the_key_vault_challenge()
    {
        using var http = emulator.RawClient();

        using var response = await http.GetAsync("secrets?api-version=2026-04-01");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(
            "Bearer authorization=\"https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000\", resource=\"https://vault.azure.net\"",
            string.Join(", ", response.Headers.GetValues("WWW-Authenticate")));
        Assert.Equal("Unauthorized", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Any_bearer_token_is_accepted()
    {
        using var http = emulator.RawClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", "not-even-a-jwt");

        using var response = await http.GetAsync("secrets?api-version=7.0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_sdk_completes_the_challenge_for_a_put_and_the_body_arrives_on_the_retry()
    {
        var (name, vault) = await emulator.NewVaultAsync();

        var secret = await emulator.Client(vault).SetSecretAsync("challenged", "body-after-401");

        Assert.Equal("body-after-401", secret.Value.Value);
        Assert.Equal(1, await emulator.Admin.OperationCountAsync(name, "SetSecret"));
    }

    [Fact]
    public async Task A_client_pinned_to_another_emulators_certificate_refuses_this_one()
    {
        using var otherDir = new TempDirectory();
        await using var other = await EmulatorFixture.StartAsync(otherDir.Path);
        var otherVault = other.VaultUris["main"];
        var pinnedToFirst = EmulatorFixture.CreateClient(otherVault, emulator.Pinned, maxRetries: 0);
        var pinnedToOther = EmulatorFixture.CreateClient(otherVault, PinnedCertificate.Load(other.CertificatePemPath), maxRetries: 0);

        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => pinnedToFirst.GetSecretAsync("any"));
        var reached = await Assert.ThrowsAsync<RequestFailedException>(() => pinnedToOther.GetSecretAsync("any"));

        Assert.NotEqual(emulator.Pinned.Thumbprint, other.Certificate.Thumbprint);
        Assert.IsType<HttpRequestException>(refused.InnerException);
        Assert.Equal(0, refused.Status);
        Assert.Equal(404, reached.Status);
    }

    [Fact]
    public void The_certificate_names_localhost_and_both_loopback_addresses()
    {
        var names = emulator.Pinned.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().Single();

        Assert.Equal(["localhost"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], names.EnumerateIPAddresses());
        Assert.Equal(emulator.Host.Certificate.RawData, emulator.Pinned.RawData);
    }
}
