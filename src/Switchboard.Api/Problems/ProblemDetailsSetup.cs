using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Switchboard.Core.Errors;
using Switchboard.Core.KeyVault;
using Switchboard.Core.Ports;

namespace Switchboard.Api.Problems;

/// <summary>
/// Every error is application/problem+json (RFC 9457) with a machine-readable <c>code</c>: rule violations
/// thrown as <see cref="SwitchboardException"/>, bad requests the framework detects, and bare statuses
/// such as an unknown route (404) or a wrong method (405).
/// </summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddSwitchboardProblemDetails(this IServiceCollection services)
    {
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            problem.Type ??= $"https://httpstatuses.io/{status}";
            if (!problem.Extensions.ContainsKey("code"))
            {
                problem.Extensions["code"] = ProblemStatus.CodeOf(status).ToString();
            }
            // The correlation id is on every response already; the trace id adds nothing for callers.
            problem.Extensions.Remove("traceId");
        });
    }

    public static void UseSwitchboardProblemDetails(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
    }
}

/// <summary>Turns exceptions into problem responses; what the caller did wrong is never a 5xx.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            SwitchboardException e => FromRule(e),
            SecretStoreException e => FromSecretStore(e),
            BadHttpRequestException e => FromBadRequest(e),
            JsonException => Problem(ErrorCode.ValidationFailed, "The request body is not valid JSON."),
            _ when IsStorageUnavailable(exception) => Problem(ErrorCode.ServiceUnavailable, "Storage did not answer; try again shortly."),
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = Problem(ErrorCode.InternalError, "An unexpected error occurred. Quote the correlation id when you report it.");
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (exception is SwitchboardException { OperationId: { } operationId })
        {
            // The work that is in the way: a client can poll it, as it would its own.
            httpContext.Response.Headers.Location = Operations.OperationsApi.LocationOf(httpContext.Request, operationId);
        }
        if (problem.Status is StatusCodes.Status503ServiceUnavailable or StatusCodes.Status429TooManyRequests)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }
        else if (exception is SwitchboardException { Code: ErrorCode.KeyVaultMigrationInProgress })
        {
            httpContext.Response.Headers.RetryAfter = KeyVaultMigrationService.RetryAfterSeconds;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails FromRule(SwitchboardException e)
    {
        var problem = Problem(e.Code, e.Message);
        if (e.Errors is not null)
        {
            problem.Extensions["errors"] = e.Errors;
        }
        if (e.OperationId is not null)
        {
            problem.Extensions["operationId"] = e.OperationId;
        }
        return problem;
    }

    // Key Vault trouble is ours, not the caller's: 503 and try again, with the vault named but no value.
    private static ProblemDetails FromSecretStore(SecretStoreException e) => e.Failure switch
    {
        SecretStoreFailure.Forbidden => Problem(ErrorCode.ServiceUnavailable,
            "The Key Vault refused Switchboard's identity; check its role assignment on the vault. " + e.Message),
        SecretStoreFailure.Unavailable => Problem(ErrorCode.ServiceUnavailable, "The Key Vault did not answer; try again shortly."),
        SecretStoreFailure.Rejected => Problem(ErrorCode.ValidationFailed, "The Key Vault refused the credentials (a value over its limits?). " + e.Message),
        _ => Problem(ErrorCode.Conflict, "The connection's secret version is not available in its Key Vault. " + e.Message),
    };

    /// <summary>
    /// Storage that cannot be reached (no answer, or a 5xx after the SDK's retries, which it reports as an
    /// AggregateException) is an outage to wait out, not a defect: 503 with Retry-After. A 4xx from storage that no
    /// store translated stays a 500, because it is a bug of ours.
    /// </summary>
    private static bool IsStorageUnavailable(Exception exception) => exception switch
    {
        Azure.RequestFailedException e => e.Status is 0 or >= 500,
        AggregateException e => e.InnerExceptions.Count > 0 && e.InnerExceptions.All(IsStorageUnavailable),
        _ => false,
    };

    // The framework's messages can quote parameter names but never the body, so the body's content
    // (which may hold a credential) cannot leak through them; we still say only what kind of problem it was.
    private static ProblemDetails FromBadRequest(BadHttpRequestException e) => e.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => Problem(ErrorCode.PayloadTooLarge, "The request body is too large."),
        StatusCodes.Status415UnsupportedMediaType => Problem(ErrorCode.UnsupportedMediaType, "The request body must be application/json."),
        _ when e.InnerException is JsonException => Problem(ErrorCode.ValidationFailed, "The request body is not valid JSON."),
        _ => Problem(ErrorCode.ValidationFailed, "The request is not valid."),
    };

    private static ProblemDetails Problem(ErrorCode code, string detail)
    {
        var status = ProblemStatus.Of(code);
        return new ProblemDetails
        {
            Status = status,
            Title = TitleOf(code),
            Detail = detail,
            Extensions = { ["code"] = code.ToString() },
        };
    }

    private static string TitleOf(ErrorCode code) =>
        // "KeyVaultMustBeFirst" -> "Key vault must be first"
        string.Concat(code.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
}
