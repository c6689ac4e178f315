using System.Diagnostics;
using System.Text.Json;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Switchboard.KeyVaultEmulator.Hosting;
using Switchboard.KeyVaultEmulator.Tests.Infrastructure;

namespace Switchboard.KeyVaultEmulator.Tests;

/// <summary>Start-up and shutdown: the files the emulator writes, its state file and its command line.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task Endpoints_json_names_the_admin_address_the_certificate_and_every_vault_and_goes_away_on_stop()
    {
        using var dir = new TempDirectory();
        var host = await EmulatorFixture.StartAsync(dir.Path);
        try
        {
            await AssertEndpointsFileDescribesAsync(host, dir);
        }
        finally
        {
            await host.DisposeAsync();
        }

        Assert.False(File.Exists(dir.File("endpoints.json")));
    }

    private static async Task AssertEndpointsFileDescribesAsync(KeyVaultEmulatorHost host, TempDirectory dir)
    {
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(dir.File("endpoints.json")));
        var root = json.RootElement;
        var pem = root.GetProperty("certificate").GetString()!;

        Assert.Equal(host.AdminUri.ToString(), root.GetProperty("admin").GetString());
        Assert.Equal(dir.File("emulator-cert.pem"), pem);
        Assert.True(Path.IsPathRooted(pem));
        Assert.Equal(host.Certificate.RawData, PinnedCertificate.Load(pem).RawData);
        Assert.Equal(host.VaultUris["main"].ToString(), root.GetProperty("vaults").GetProperty("main").GetString());
        Assert.Matches("^http://127\\.0\\.0\\.1:\\d+/$", root.GetProperty("admin").GetString());
        Assert.Matches("^https://localhost:\\d+/$", root.GetProperty("vaults").GetProperty("main").GetString());
    }

    [Fact]
    public async Task Endpoints_json_lists_a_vault_added_at_run_time()
    {
        using var dir = new TempDirectory();
        await using var host = await EmulatorFixture.StartAsync(dir.Path);
        using var admin = new AdminApi(host.AdminUri);

        var added = await admin.CreateVaultAsync("late");
        var endpoints = EndpointsDocument.Read(dir.File("endpoints.json"));

        Assert.Equal(added.ToString(), endpoints.Vaults["late"]);
    }

    [Fact]
    public async Task A_state_file_keeps_secrets_versions_deletions_and_settings_across_a_restart_with_the_same_certificate()
    {
        using var dir = new TempDirectory();
        var stateFile = dir.File("state.json");
        string firstVersion;
        string thumbprint;
        await using (var first = await EmulatorFixture.StartAsync(dir.Path, stateFile))
        {
            thumbprint = first.Certificate.Thumbprint;
            using var admin = new AdminApi(first.AdminUri);
            await admin.SetSettingsAsync("main", new { purgeProtection = true });
            var client = EmulatorFixture.CreateClient(first.VaultUris["main"], PinnedCertificate.Load(first.CertificatePemPath));
            firstVersion = (await client.SetSecretAsync("kept", "one")).Value.Properties.Version;
            await client.SetSecretAsync("kept", "two");
            await client.SetSecretAsync("binned", "v");
            await (await client.StartDeleteSecretAsync("binned")).WaitForCompletionAsync(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }

        await using var second = await EmulatorFixture.StartAsync(dir.Path, stateFile);
        var restarted = EmulatorFixture.CreateClient(second.VaultUris["main"], PinnedCertificate.Load(second.CertificatePemPath));
        KeyVaultSecret latest = await restarted.GetSecretAsync("kept");
        KeyVaultSecret old = await restarted.GetSecretAsync("kept", firstVersion);
        DeletedSecret binned = await restarted.GetDeletedSecretAsync("binned");
        var purge = await Assert.ThrowsAsync<RequestFailedException>(() => restarted.PurgeDeletedSecretAsync("binned"));

        Assert.Equal(thumbprint, second.Certificate.Thumbprint);
        Assert.Equal("two", latest.Value);
        Assert.Equal("one", old.Value);
        Assert.Equal(new Uri(second.VaultUris["main"], $"secrets/kept/{firstVersion}"), old.Id);
        Assert.Equal("binned", binned.Name);
        Assert.Equal(403, purge.Status);
    }

    [Fact]
    public async Task A_state_file_keeps_keys_so_a_value_wrapped_before_a_restart_unwraps_after_it()
    {
        using var dir = new TempDirectory();
        var stateFile = dir.File("state.json");
        string path;
        string wrapped;
        await using (var first = await EmulatorFixture.StartAsync(dir.Path, stateFile))
        {
            using var keys = Keys(first);
            var (_, bundle) = await keys.CreateRsaAsync("cmk");
            path = KeysApi.VersionPath(bundle);
            wrapped = (await keys.WrapAsync(path, [4, 2])).Body.GetProperty("value").GetString()!;
        }

        await using var second = await EmulatorFixture.StartAsync(dir.Path, stateFile);
        using var restarted = Keys(second);
        var (status, unwrapped) = await restarted.UnwrapAsync(path, wrapped);

        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Equal("BAI", unwrapped.GetProperty("value").GetString());
    }

    private static KeysApi Keys(KeyVaultEmulatorHost host)
    {
        var http = new HttpClient(PinnedCertificate.CreateHandler(PinnedCertificate.Load(host.CertificatePemPath))) { BaseAddress = host.VaultUris["main"] };
        http.DefaultRequestHeaders.Authorization = new("Bearer", "token");
        return new KeysApi(http);
    }

    [Fact]
    public void Purge_protection_on_the_command_line_makes_every_vault_production_like()
    {
        var options = CommandLine.Parse(
            ["--vault", "main=8443", "--vault", "spare=8444", "--admin-port", "8449", "--data-dir", "data", "--purge-protection", "true"],
            out var error);

        Assert.Null(error);
        Assert.All(options!.Vaults, v => Assert.Equal("Recoverable", v.Settings.RecoveryLevel));
    }

    [Fact]
    public async Task Without_a_state_file_a_restart_starts_empty()
    {
        using var dir = new TempDirectory();
        await using (var first = await EmulatorFixture.StartAsync(dir.Path))
        {
            await EmulatorFixture.CreateClient(first.VaultUris["main"], PinnedCertificate.Load(first.CertificatePemPath)).SetSecretAsync("lost", "v");
        }

        await using var second = await EmulatorFixture.StartAsync(dir.Path);
        var client = EmulatorFixture.CreateClient(second.VaultUris["main"], PinnedCertificate.Load(second.CertificatePemPath));

        Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync("lost"))).Status);
    }

    [Fact]
    public void The_command_line_takes_repeated_vaults_an_admin_port_a_data_dir_and_a_state_file()
    {
        var options = CommandLine.Parse(
            ["--vault", "main=8443", "--vault", "spare=0", "--admin-port", "8449", "--data-dir", "data", "--state-file", "state.json"],
            out var error);

        Assert.Null(error);
        Assert.NotNull(options);
        Assert.Equal([new VaultDefinition("main", 8443), new VaultDefinition("spare", 0)], options.Vaults);
        Assert.Equal(8449, options.AdminPort);
        Assert.Equal(Path.GetFullPath("data"), options.DataDirectory);
        Assert.Equal(Path.GetFullPath("state.json"), options.StateFile);
    }

    [Theory]
    [InlineData("--admin-port 0 --data-dir d")]
    [InlineData("--vault main --admin-port 0 --data-dir d")]
    [InlineData("--vault main=70000 --admin-port 0 --data-dir d")]
    [InlineData("--vault main=1 --vault MAIN=2 --admin-port 0 --data-dir d")]
    [InlineData("--vault main=0 --data-dir d")]
    [InlineData("--vault main=0 --admin-port 0")]
    [InlineData("--vault main=0 --admin-port 0 --data-dir d --verbose x")]
    [InlineData("--vault main=0 --admin-port 0 --data-dir")]
    [InlineData("--vault main=0 --admin-port 0 --data-dir d --purge-protection yes")]
    public void A_malformed_command_line_is_refused_with_a_reason(string commandLine)
    {
        var options = CommandLine.Parse(commandLine.Split(' '), out var error);

        Assert.Null(options);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public async Task The_executable_announces_its_listeners_and_stops_cleanly_on_SIGTERM()
    {
        using var dir = new TempDirectory();
        var dll = Path.Combine(AppContext.BaseDirectory, "KeyVaultEmulator.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { dll, "--vault", "main=0", "--vault", "spare=0", "--admin-port", "0", "--data-dir", dir.Path })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        var ready = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lock (lines)
            {
                lines.Add(e.Data);
            }
            if (e.Data.StartsWith("Admin listening on ", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        try
        {
            // A guard against a hung start, not a timing assertion.
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var endpoints = EndpointsDocument.Read(dir.File("endpoints.json"));

            Assert.Contains($"Vault main listening on {endpoints.Vaults["main"]}", lines);
            Assert.Contains($"Vault spare listening on {endpoints.Vaults["spare"]}", lines);
            Assert.Contains($"Admin listening on {endpoints.Admin}", lines);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(0, process.ExitCode);
            Assert.False(File.Exists(dir.File("endpoints.json")));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
