using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Switchboard.Api.Tests.Registry;
using Switchboard.Testing;

namespace Switchboard.Api.Tests.OpenApi;

public class OpenApiDocumentTests(IsolatedStorage storage) : RegistryTestBase(storage)
{
    private async Task<(OpenApiDocument Document, string Text)> ReadAsync(string path)
    {
        var text = await Api.Http.GetStringAsync(path);
        var result = OpenApiDocument.Parse(text, OpenApiConstants.Json, new OpenApiReaderSettings());
        Assert.Empty(result.Diagnostic!.Errors);
        return (result.Document!, text);
    }

    /// <summary>Every public route of the app, as "METHOD /path" with route parameters in braces.</summary>
    private IReadOnlyList<string> PublicRoutes() =>
        App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal) && !e.RoutePattern.RawText.StartsWith("/api/openapi", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToList();

    private static IReadOnlyList<string> DocumentedRoutes(OpenApiDocument document) =>
        document.Paths.SelectMany(p => p.Value.Operations!.Keys.Select(m => $"{m.Method.ToUpperInvariant()} {p.Key.TrimEnd('/')}")).ToList();

    [Fact]
    public async Task TheOpenApi3DocumentIsValidAndHasEveryRoute()
    {
        var (document, _) = await ReadAsync("/api/openapi/v3.json");

        var routes = PublicRoutes();
        Assert.NotEmpty(routes);
        Assert.Empty(routes.Except(DocumentedRoutes(document)));
    }

    [Fact]
    public async Task TheSwagger2DocumentSuitsAPowerAutomateCustomConnector()
    {
        var (document, text) = await ReadAsync("/api/openapi/v2.json");
        var json = JsonDocument.Parse(text).RootElement;

        Assert.Equal("2.0", json.GetProperty("swagger").GetString());
        Assert.Empty(PublicRoutes().Except(DocumentedRoutes(document)));
        var definition = Assert.Single(json.GetProperty("securityDefinitions").EnumerateObject());
        Assert.Equal("apiKey", definition.Value.GetProperty("type").GetString());
        Assert.Equal("x-api-key", definition.Value.GetProperty("name").GetString());
        foreach (var operation in json.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()))
        {
            Assert.False(string.IsNullOrEmpty(operation.Value.GetProperty("operationId").GetString()));
            Assert.False(string.IsNullOrEmpty(operation.Value.GetProperty("x-ms-summary").GetString()));
        }
        Assert.True(text.Length < 1_000_000);
    }

    [Fact]
    public async Task OperationIdsAreUnique()
    {
        var (document, _) = await ReadAsync("/api/openapi/v3.json");

        var ids = document.Paths.SelectMany(p => p.Value.Operations!.Values.Select(o => o.OperationId)).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.DoesNotContain(null, ids);
    }
}
