// A bare minimal API: the default builder, one route, nothing else. It answers what Switchboard's health
// answers when all is well, so the two cold starts are timed on the same request. The benchmark also
// uses it as the "provider" that a rotation's test step probes.
var app = WebApplication.CreateBuilder(args).Build();

app.MapGet("/api/health", () => Results.Json(new { status = "Healthy" }));

app.Run();
