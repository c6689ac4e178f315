using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Switchboard.Core.Connections;
using Switchboard.Core.Errors;
using Switchboard.Storage.Tables;

namespace Switchboard.Api.Connections;

/// <summary>
/// <c>Idempotency-Key</c> on creating POSTs and on starting a Key Vault migration: a retry with the same key and body within 24 hours gets the first
/// response instead of acting twice. The first request claims the key before it acts, so two concurrent
/// retries cannot both act. Only a salted hash of the body is kept, never the body (it may hold credentials).
/// </summary>
public sealed class IdempotentRequests(StorageTables tables, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public sealed record Outcome(int Status, string Location, string ETag, object Body);

    public async Task<IResult> RunAsync(HttpContext http, ConnectionScope scope, JsonNode body, Func<Task<Outcome>> act)
    {
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0)
        {
            return Replay(await act());
        }
        if (key.Length > 255)
        {
            throw SwitchboardException.Validation(Header, "At most 255 characters.");
        }

        var table = await tables.GetAsync(StorageTables.Idempotency, http.RequestAborted);
        var partition = scope.Hub + "|" + (scope.Project ?? "");
        var row = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var salt = RandomNumberGenerator.GetBytes(16);
        var claim = new TableEntity(partition, row)
        {
            ["Salt"] = Convert.ToBase64String(salt),
            ["BodyHash"] = Hash(salt, body),
            ["CreatedAt"] = clock.GetUtcNow(),
            ["Completed"] = false,
        };

        if (!await TryClaimAsync(table, claim, http.RequestAborted))
        {
            var existing = (await table.GetEntityAsync<TableEntity>(partition, row, cancellationToken: http.RequestAborted)).Value;
            var sameBody = existing.GetString("BodyHash") == Hash(Convert.FromBase64String(existing.GetString("Salt")), body);
            if (!sameBody)
            {
                throw new SwitchboardException(ErrorCode.ValidationFailed,
                    $"This {Header} was used with a different request body. Use a new key for a new request.");
            }
            if (existing.GetBoolean("Completed") != true)
            {
                throw new SwitchboardException(ErrorCode.OperationInProgress, $"A request with this {Header} is still being processed.");
            }
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return Replay(new Outcome(existing.GetInt32("Status") ?? 200, existing.GetString("Location"), existing.GetString("ETag"),
                JsonNode.Parse(existing.GetString("Response"))!));
        }

        Outcome outcome;
        try
        {
            outcome = await act();
        }
        catch
        {
            // A failed attempt leaves no trace, so the client's retry acts afresh.
            await table.DeleteEntityAsync(partition, row, ETag.All, CancellationToken.None);
            throw;
        }
        claim["Completed"] = true;
        claim["Status"] = outcome.Status;
        claim["Location"] = outcome.Location;
        claim["ETag"] = outcome.ETag;
        claim["Response"] = JsonSerializer.Serialize(outcome.Body, ResponseJson(http));
        await table.UpsertEntityAsync(claim, TableUpdateMode.Replace, CancellationToken.None);
        return Replay(outcome);
    }

    private async Task<bool> TryClaimAsync(TableClient table, TableEntity claim, CancellationToken ct)
    {
        try
        {
            await table.AddEntityAsync(claim, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = (await table.GetEntityAsync<TableEntity>(claim.PartitionKey, claim.RowKey, cancellationToken: ct)).Value;
            if (existing.GetDateTimeOffset("CreatedAt") + Lifetime > clock.GetUtcNow())
            {
                return false;
            }
            // An expired key is free again; the ETag makes sure only one retry takes it over.
            await table.UpdateEntityAsync(claim, existing.ETag, TableUpdateMode.Replace, ct);
            return true;
        }
    }

    private static string Hash(byte[] salt, JsonNode body) =>
        Convert.ToBase64String(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(body.ToJsonString())));

    private static IResult Replay(Outcome outcome) => new StoredResult(outcome);

    private static JsonSerializerOptions ResponseJson(HttpContext http) =>
        http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;

    private sealed class StoredResult(Outcome outcome) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = outcome.Status;
            http.Response.Headers.Location = outcome.Location;
            if (outcome.ETag.Length > 0)
            {
                http.Response.Headers.ETag = outcome.ETag;
            }
            if (outcome.Status == StatusCodes.Status202Accepted)
            {
                // An operation started: poll its Location, as after the first answer.
                http.Response.Headers.RetryAfter = Operations.OperationsApi.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return http.Response.WriteAsJsonAsync(outcome.Body, outcome.Body.GetType(), ResponseJson(http));
        }
    }
}
