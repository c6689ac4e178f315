using System.Text.Json.Serialization;

namespace Switchboard.Api.Api;

public static class ApiJson
{
    /// <summary>Responses write enums as their names, as API.md spells them.</summary>
    public static IServiceCollection AddSwitchboardJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false)));
}
