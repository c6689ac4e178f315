using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Switchboard.Api.OpenApi;

/// <summary>
/// The API described for its callers: OpenAPI 3 for portals and scripts, and the same document written as
/// Swagger 2.0 for Power Automate custom connectors (which read only 2.0, use only the first security
/// definition, and show <c>x-ms-summary</c> as titles).
/// </summary>
public static class OpenApiSetup
{
    private const string DocumentName = "v3";
    private const string ApiKeyScheme = "apiKey";
    private const string BearerScheme = "bearer";

    public static IServiceCollection AddSwitchboardOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Switchboard",
                    Version = "1.0",
                    Description = "Connections of AI hubs and their projects: endpoints, settings and write-only credentials.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [ApiKeyScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "x-api-key",
                        Description = "An API key created with POST /api/hubs/{hub}/apiKeys.",
                    },
                    [BearerScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                        Description = "An Entra ID access token for the API's audience.",
                    },
                };
                document.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
                ];
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, _, _) =>
            {
                operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                operation.Extensions["x-ms-summary"] = new JsonNodeExtension(JsonValue.Create(operation.Summary ?? operation.OperationId ?? "")!);
                operation.Extensions["x-ms-visibility"] = new JsonNodeExtension(JsonValue.Create("important"));
                foreach (var parameter in operation.Parameters ?? [])
                {
                    if (parameter is OpenApiParameter concrete)
                    {
                        concrete.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                        concrete.Extensions["x-ms-summary"] = new JsonNodeExtension(JsonValue.Create(concrete.Name ?? "")!);
                    }
                }
                return Task.CompletedTask;
            });
        });

    public static void MapOpenApiDocuments(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/api/openapi/{documentName}.json").ExcludeFromDescription();
        app.MapGet("/api/openapi/v2.json", async (HttpContext http, [FromKeyedServices(DocumentName)] IOpenApiDocumentProvider provider, CancellationToken ct) =>
        {
            var document = await provider.GetOpenApiDocumentAsync(ct);
            document.Servers = [new OpenApiServer { Url = $"{http.Request.Scheme}://{http.Request.Host}" }];
            // Power Automate uses only the first security definition: offer the API key alone.
            document.Components!.SecuritySchemes!.Remove(BearerScheme);
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] }];
            var json = await document.SerializeAsync(OpenApiSpecVersion.OpenApi2_0, OpenApiConstants.Json, ct);
            return Results.Text(json, "application/json");
        }).ExcludeFromDescription();
    }
}
