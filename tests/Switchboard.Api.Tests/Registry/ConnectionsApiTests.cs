using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.Api.Tests.Hosting;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.Registry;

public class ConnectionsApiTests(IsolatedStorage storage) : RegistryTestBase(storage)
{
    protected override void Configure(SwitchboardApplication app) =>
        app.With("References:OpenAI:Key", "sk-from-configuration");

    [Fact]
    public async Task CreatingAConnectionAnswers201WithLocationAndNoCredentialValues()
    {
        var hub = await Api.CreateHubAsync();

        var response = await Api.PostJsonAsync($"/api/hubs/{hub}/connections", ApiClient.OpenAI("openai-prod", "sk-created-1"));

        var body = await ApiClient.Expect(response, HttpStatusCode.Created);
        Assert.Equal($"/api/hubs/{hub}/connections/openai-prod", response.Headers.Location!.ToString());
        Assert.Equal(response.Headers.ETag!.ToString(), body.GetProperty("etag").GetString());
        Assert.Equal("hub", body.GetProperty("scope").GetString());
        Assert.Equal("KeyVault", body.GetProperty("credentialSource").GetString());
        Assert.Equal(["key"], body.GetProperty("credentialFields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("Active", body.GetProperty("status").GetString());
        Assert.Equal("Unknown", body.GetProperty("credentialStatus").GetString());
        Assert.Equal("all", body.GetProperty("sharedWith").GetString());
        Assert.Equal(32, body.GetProperty("secretVersion").GetString()!.Length);
        Assert.DoesNotContain("sk-created-1", body.GetRawText());
    }

    [Fact]
    public async Task ListSecretsReturnsTheCredentialsAndIsAudited()
    {
        var hub = await Api.CreateHubAsync();
        var created = await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("reader", "sk-listed-2"));

        var secrets = await ApiClient.Expect(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/reader/listSecrets"), HttpStatusCode.OK);

        Assert.Equal("sk-listed-2", secrets.GetProperty("credentials").GetProperty("key").GetString());
        Assert.Equal(created.GetProperty("secretVersion").GetString(), secrets.GetProperty("secretVersion").GetString());
        var audit = await Api.GetJsonAsync($"/api/hubs/{hub}/audit?action=connection.secretsListed");
        var entry = Assert.Single(audit.GetProperty("value").EnumerateArray());
        Assert.Equal("reader", entry.GetProperty("alias").GetString());
        Assert.Equal("development", entry.GetProperty("actor").GetString());
        Assert.False(string.IsNullOrEmpty(entry.GetProperty("correlationId").GetString()));
    }

    [Fact]
    public async Task ListSecretsAuditsTheConnectionAsStoredAndARefusalLeavesNoEntry()
    {
        var hub = await Api.CreateHubAsync();
        var project = await Api.CreateProjectAsync(hub);
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("Mixed-Case"));
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("paused-audit"));
        await ApiClient.Expect(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/paused-audit/disable"), HttpStatusCode.OK);

        // The audit entry is written while the row is read: as the caller spelled it, then corrected or retracted.
        var listed = await Api.PostJsonAsync($"/api/hubs/{hub}/projects/{project}/connections/mixed-case/listSecrets");
        var missing = await Api.PostJsonAsync($"/api/hubs/{hub}/connections/no-such-alias/listSecrets");
        var disabled = await Api.PostJsonAsync($"/api/hubs/{hub}/connections/paused-audit/listSecrets");
        var noPrevious = await Api.PostJsonAsync($"/api/hubs/{hub}/connections/Mixed-Case/listSecrets?version=previous");

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        await ProblemDetailsTests.AssertProblem(missing, HttpStatusCode.NotFound, "NotFound");
        await ProblemDetailsTests.AssertProblem(disabled, HttpStatusCode.Conflict, "ConnectionDisabled");
        await ProblemDetailsTests.AssertProblem(noPrevious, HttpStatusCode.NotFound, "NotFound");
        var audit = await Api.GetJsonAsync($"/api/hubs/{hub}/audit?action=connection.secretsListed");
        var entry = Assert.Single(audit.GetProperty("value").EnumerateArray());
        Assert.Equal("Mixed-Case", entry.GetProperty("alias").GetString());
        Assert.True(!entry.TryGetProperty("project", out var owner) || owner.ValueKind == JsonValueKind.Null);
        Assert.Equal(project, entry.GetProperty("details").GetProperty("scope").GetString());
    }

    [Fact]
    public async Task ACreateThatLosesItsAliasLeavesNoAuditEntryAndNoSecret()
    {
        var hub = await Api.CreateHubAsync();
        var canary = "sk-contested-" + Guid.NewGuid().ToString("N");
        var creates = Enumerable.Range(0, 4).Select(_ => Api.PostJsonAsync($"/api/hubs/{hub}/connections", ApiClient.OpenAI("contested", canary)));

        var responses = await Task.WhenAll(creates);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await ProblemDetailsTests.AssertProblem(refused, HttpStatusCode.Conflict, "AliasTaken");
        }
        var audit = await Api.GetJsonAsync($"/api/hubs/{hub}/audit?action=connection.created");
        Assert.Single(audit.GetProperty("value").EnumerateArray());
        var vault = await TestVaults.DumpAsync("main");
        Assert.Equal(1, vault.Split(canary).Length - 1);
    }

    [Fact]
    public async Task AnAliasIsTakenAcrossTheHubAndItsProjectsIgnoringCase()
    {
        var hub = await Api.CreateHubAsync();
        var project = await Api.CreateProjectAsync(hub);
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("Shared-Name"));

        var inProject = await Api.PostJsonAsync($"/api/hubs/{hub}/projects/{project}/connections", ApiClient.OpenAI("shared-name"));
        var inHub = await Api.PostJsonAsync($"/api/hubs/{hub}/connections", ApiClient.OpenAI("SHARED-NAME"));

        await ProblemDetailsTests.AssertProblem(inProject, HttpStatusCode.Conflict, "AliasTaken");
        await ProblemDetailsTests.AssertProblem(inHub, HttpStatusCode.Conflict, "AliasTaken");
    }

    [Fact]
    public async Task ChangingTheProviderIsRefused()
    {
        var hub = await Api.CreateHubAsync();
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("fixed"));

        var response = await Api.PatchJsonAsync($"/api/hubs/{hub}/connections/fixed", new { provider = "AzureOpenAI" });

        await ProblemDetailsTests.AssertProblem(response, HttpStatusCode.Conflict, "ProviderImmutable");
    }

    public static TheoryData<string, object, string> MissingRequiredFields => new()
    {
        { "OpenAI", new { authType = "ApiKey", credentials = new { } }, "credentials.key" },
        { "AzureOpenAI", new { authType = "ServicePrincipal", credentials = new { tenantId = "t", clientId = "c" } }, "credentials.clientSecret" },
        { "AzureAIServices", new { authType = "ApiKey", credentials = new { } }, "credentials.key" },
        { "AzureAISearch", new { authType = "ApiKey", credentials = new { } }, "credentials.key" },
        { "AzureStorage", new { authType = "SasToken", credentials = new { sasToken = "sv=1" } }, "settings.accountName" },
        { "AzureSql", new { authType = "ManagedIdentity" }, "settings.database" },
        { "CustomEndpoint", new { authType = "CustomKeys", credentials = new { } }, "credentials" },
    };

    [Theory]
    [MemberData(nameof(MissingRequiredFields))]
    public async Task AMissingRequiredFieldIsNamedInTheError(string provider, object auth, string field)
    {
        var hub = await Api.CreateHubAsync();
        var body = JsonSerializer.SerializeToNode(auth)!.AsObject();
        body["alias"] = "missing";
        body["provider"] = provider;
        body["target"] = "https://example.invalid/";

        var response = await Api.PostJsonAsync($"/api/hubs/{hub}/connections", body);

        var problem = await ProblemDetailsTests.AssertProblem(response, HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task AnUnknownAuthTypeIsRefused()
    {
        var hub = await Api.CreateHubAsync();
        var response = await Api.PostJsonAsync($"/api/hubs/{hub}/connections", new
        {
            alias = "weird", provider = "OpenAI", target = "https://api.openai.com/v1", authType = "Telepathy", credentials = new { key = "k" },
        });

        var problem = await ProblemDetailsTests.AssertProblem(response, HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("authType", out _));
    }

    [Fact]
    public async Task AnAuthTypeTheProviderDoesNotAllowIsRefused()
    {
        var hub = await Api.CreateHubAsync();
        var response = await Api.PostJsonAsync($"/api/hubs/{hub}/connections", new
        {
            alias = "sas", provider = "OpenAI", target = "https://api.openai.com/v1", authType = "SasToken", credentials = new { sasToken = "x" },
        });

        await ProblemDetailsTests.AssertProblem(response, HttpStatusCode.BadRequest, "ValidationFailed");
    }

    [Fact]
    public async Task AReferenceOutsideTheAllowListIsRefused()
    {
        var hub = await Api.CreateHubAsync();
        var body = new { alias = "ref", provider = "OpenAI", target = "https://api.openai.com/v1", authType = "ApiKey", credentials = new { key = "$AzureWebJobsStorage" } };

        var response = await Api.PostJsonAsync($"/api/hubs/{hub}/connections", body);

        var problem = await ProblemDetailsTests.AssertProblem(response, HttpStatusCode.BadRequest, "ConfigurationReferenceNotAllowed");
        Assert.DoesNotContain("AzureWebJobsStorage", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AnAllowedReferenceIsStoredAsWrittenAndResolvedWhenSecretsAreListed()
    {
        var hub = await Api.CreateHubAsync();
        var body = new { alias = "by-ref", provider = "OpenAI", target = "https://api.openai.com/v1", authType = "ApiKey", credentials = new { key = "$References:OpenAI:Key" } };

        var created = await Api.CreateConnectionAsync($"/api/hubs/{hub}", body);
        var secrets = await ApiClient.Expect(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/by-ref/listSecrets"), HttpStatusCode.OK);

        Assert.Equal("ConfigurationReference", created.GetProperty("credentialSource").GetString());
        Assert.Equal("$References:OpenAI:Key", created.GetProperty("credentialReferences").GetProperty("key").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("secretVersion").ValueKind);
        Assert.Equal("sk-from-configuration", secrets.GetProperty("credentials").GetProperty("key").GetString());
    }

    [Fact]
    public async Task AnUpdateWithAStaleETagIsRefusedWith412()
    {
        var hub = await Api.CreateHubAsync();
        var created = await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("etagged"));
        var first = created.GetProperty("etag").GetString()!;
        await ApiClient.Expect(await Api.PatchJsonAsync($"/api/hubs/{hub}/connections/etagged", new { name = "Renamed" }, first), HttpStatusCode.OK);

        var stale = await Api.PatchJsonAsync($"/api/hubs/{hub}/connections/etagged", new { name = "Again" }, first);

        await ProblemDetailsTests.AssertProblem(stale, HttpStatusCode.PreconditionFailed, "PreconditionFailed");
    }

    [Fact]
    public async Task NewCredentialsInAPatchWriteANewVersionAndKeepThePreviousOne()
    {
        var hub = await Api.CreateHubAsync();
        var created = await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("rotating", "sk-old-3"));

        var patched = await ApiClient.Expect(await Api.PatchJsonAsync($"/api/hubs/{hub}/connections/rotating", new { credentials = new { key = "sk-new-3" } }), HttpStatusCode.OK);
        var current = await ApiClient.Expect(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/rotating/listSecrets"), HttpStatusCode.OK);
        var previous = await ApiClient.Expect(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/rotating/listSecrets?version=previous"), HttpStatusCode.OK);

        Assert.NotEqual(created.GetProperty("secretVersion").GetString(), patched.GetProperty("secretVersion").GetString());
        Assert.Equal("sk-new-3", current.GetProperty("credentials").GetProperty("key").GetString());
        Assert.Equal("sk-old-3", previous.GetProperty("credentials").GetProperty("key").GetString());
        var audit = await Api.GetJsonAsync($"/api/hubs/{hub}/audit?alias=rotating&action=connection.credentialsChanged");
        Assert.Single(audit.GetProperty("value").EnumerateArray());
    }

    [Fact]
    public async Task APatchMergesSettingsAndMetadataAndKeepsTheCredentials()
    {
        var hub = await Api.CreateHubAsync();
        var created = await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("merged"));

        var patched = await ApiClient.Expect(await Api.PatchJsonAsync($"/api/hubs/{hub}/connections/merged",
            new { settings = new { project = "proj-9" }, metadata = new { team = "search" } }), HttpStatusCode.OK);

        Assert.Equal("org-123", patched.GetProperty("settings").GetProperty("organization").GetString());
        Assert.Equal("proj-9", patched.GetProperty("settings").GetProperty("project").GetString());
        Assert.Equal("search", patched.GetProperty("metadata").GetProperty("team").GetString());
        Assert.Equal(created.GetProperty("secretVersion").GetString(), patched.GetProperty("secretVersion").GetString());
    }

    [Fact]
    public async Task ADependentBlocksDeleteUntilForced()
    {
        var hub = await Api.CreateHubAsync();
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("used"));
        await ApiClient.Expect(await Api.PutJsonAsync($"/api/hubs/{hub}/connections/used/dependents/chat-profile", new { kind = "profile", name = "Chat" }), HttpStatusCode.OK);

        var refused = await Api.Http.DeleteAsync($"/api/hubs/{hub}/connections/used");
        var dependents = await Api.GetJsonAsync($"/api/hubs/{hub}/connections/used/dependents");
        var forced = await Api.Http.DeleteAsync($"/api/hubs/{hub}/connections/used?force=true");

        var problem = await ProblemDetailsTests.AssertProblem(refused, HttpStatusCode.Conflict, "ConnectionInUse");
        Assert.Contains("chat-profile", problem.GetProperty("detail").GetString());
        Assert.Equal("profile", Assert.Single(dependents.GetProperty("value").EnumerateArray()).GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.NoContent, forced.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/hubs/{hub}/connections/used")).StatusCode);
    }

    [Fact]
    public async Task DeletingAConnectionDeletesItsSecret()
    {
        var hub = await Api.CreateHubAsync();
        var canary = "sk-deleted-" + Guid.NewGuid().ToString("N");
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("gone", canary));
        Assert.Contains(canary, await TestVaults.DumpAsync("main"));

        Assert.Equal(HttpStatusCode.NoContent, (await Api.Http.DeleteAsync($"/api/hubs/{hub}/connections/gone")).StatusCode);

        Assert.DoesNotContain(canary, await TestVaults.DumpAsync("main"));
    }

    [Fact]
    public async Task ADisabledConnectionRefusesListSecretsUntilEnabled()
    {
        var hub = await Api.CreateHubAsync();
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("paused"));

        var disabled = await ApiClient.Expect(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/paused/disable"), HttpStatusCode.OK);
        var refused = await Api.PostJsonAsync($"/api/hubs/{hub}/connections/paused/listSecrets");
        await ApiClient.Expect(await Api.PostJsonAsync($"/api/hubs/{hub}/connections/paused/enable"), HttpStatusCode.OK);
        var allowed = await Api.PostJsonAsync($"/api/hubs/{hub}/connections/paused/listSecrets");

        Assert.Equal("Disabled", disabled.GetProperty("status").GetString());
        await ProblemDetailsTests.AssertProblem(refused, HttpStatusCode.Conflict, "ConnectionDisabled");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task AHubConnectionSharedWithOneProjectIsVisibleThereAndNotInAnother()
    {
        var hub = await Api.CreateHubAsync();
        var chosen = await Api.CreateProjectAsync(hub);
        var other = await Api.CreateProjectAsync(hub);
        var body = JsonSerializer.SerializeToNode(ApiClient.OpenAI("narrow"))!.AsObject();
        body["sharedWith"] = new System.Text.Json.Nodes.JsonArray(chosen);
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", body);

        var seen = await Api.GetJsonAsync($"/api/hubs/{hub}/projects/{chosen}/connections");
        var unseen = await Api.GetJsonAsync($"/api/hubs/{hub}/projects/{other}/connections");

        Assert.Equal("hub", Assert.Single(seen.GetProperty("value").EnumerateArray()).GetProperty("scope").GetString());
        Assert.Empty(unseen.GetProperty("value").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await Api.Http.GetAsync($"/api/hubs/{hub}/projects/{chosen}/connections/narrow")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/hubs/{hub}/projects/{other}/connections/narrow")).StatusCode);
    }

    [Fact]
    public async Task AProjectCannotChangeASharedHubConnection()
    {
        var hub = await Api.CreateHubAsync();
        var project = await Api.CreateProjectAsync(hub);
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("hub-owned"));

        var response = await Api.PatchJsonAsync($"/api/hubs/{hub}/projects/{project}/connections/hub-owned", new { name = "mine now" });

        await ProblemDetailsTests.AssertProblem(response, HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task AnIdempotentPostReplayReturnsTheFirstResponseAndActsOnce()
    {
        var hub = await Api.CreateHubAsync();
        async Task<HttpResponseMessage> Post(object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/hubs/{hub}/connections") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "create-once-1");
            return await Api.Http.SendAsync(request);
        }

        var first = await ApiClient.Expect(await Post(ApiClient.OpenAI("once")), HttpStatusCode.Created);
        var replay = await Post(ApiClient.OpenAI("once"));
        var different = await Post(ApiClient.OpenAI("twice"));

        var replayed = await ApiClient.Expect(replay, HttpStatusCode.Created);
        Assert.Equal(first.GetProperty("id").GetString(), replayed.GetProperty("id").GetString());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        await ProblemDetailsTests.AssertProblem(different, HttpStatusCode.BadRequest, "ValidationFailed");
        var created = await Api.GetJsonAsync($"/api/hubs/{hub}/audit?action=connection.created");
        Assert.Single(created.GetProperty("value").EnumerateArray());
    }

    [Fact]
    public async Task ListsFilterByProviderAndStatus()
    {
        var hub = await Api.CreateHubAsync();
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", ApiClient.OpenAI("a-openai"));
        await Api.CreateConnectionAsync($"/api/hubs/{hub}", new { alias = "a-custom", provider = "CustomEndpoint", target = "https://custom.example/", authType = "None" });
        await Api.PostJsonAsync($"/api/hubs/{hub}/connections/a-custom/disable");

        var openai = await Api.GetJsonAsync($"/api/hubs/{hub}/connections?provider=OpenAI");
        var disabled = await Api.GetJsonAsync($"/api/hubs/{hub}/connections?status=Disabled");

        Assert.Equal("a-openai", Assert.Single(openai.GetProperty("value").EnumerateArray()).GetProperty("alias").GetString());
        Assert.Equal("a-custom", Assert.Single(disabled.GetProperty("value").EnumerateArray()).GetProperty("alias").GetString());
    }

    [Fact]
    public async Task CredentialStatusFollowsExpiryAndTheNotifyWindow()
    {
        var hub = await Api.CreateHubAsync();
        var soon = JsonSerializer.SerializeToNode(ApiClient.OpenAI("soon"))!.AsObject();
        soon["expiresAt"] = DateTimeOffset.UtcNow.AddDays(10);
        var later = JsonSerializer.SerializeToNode(ApiClient.OpenAI("later"))!.AsObject();
        later["expiresAt"] = DateTimeOffset.UtcNow.AddDays(100);
        var past = JsonSerializer.SerializeToNode(ApiClient.OpenAI("past"))!.AsObject();
        past["expiresAt"] = DateTimeOffset.UtcNow.AddDays(-1);

        Assert.Equal("ExpiringSoon", (await Api.CreateConnectionAsync($"/api/hubs/{hub}", soon)).GetProperty("credentialStatus").GetString());
        Assert.Equal("Valid", (await Api.CreateConnectionAsync($"/api/hubs/{hub}", later)).GetProperty("credentialStatus").GetString());
        Assert.Equal("Expired", (await Api.CreateConnectionAsync($"/api/hubs/{hub}", past)).GetProperty("credentialStatus").GetString());
        var expiring = await Api.GetJsonAsync($"/api/hubs/{hub}/connections?expiringWithin=P30D");
        Assert.Equal(["past", "soon"], expiring.GetProperty("value").EnumerateArray().Select(c => c.GetProperty("alias").GetString()).Order());
    }

    [Fact]
    public async Task TheKeyVaultProviderIsNotCreatedThroughConnections()
    {
        var hub = await Api.CreateHubAsync();
        var response = await Api.PostJsonAsync($"/api/hubs/{hub}/connections", new { alias = "kv", provider = "AzureKeyVault", target = "https://x.vault.azure.net/", authType = "ManagedIdentity" });

        await ProblemDetailsTests.AssertProblem(response, HttpStatusCode.BadRequest, "ValidationFailed");
    }

    [Fact]
    public async Task ConnectionsOfAnUnknownProjectAre404()
    {
        var hub = await Api.CreateHubAsync();
        await ProblemDetailsTests.AssertProblem(await Api.Http.GetAsync($"/api/hubs/{hub}/projects/nope-nope/connections"), HttpStatusCode.NotFound, "NotFound");
    }
}
