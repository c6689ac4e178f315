namespace Switchboard.Core.Providers;

/// <summary>The providers Switchboard knows. Ids are case-sensitive, as clients send them.</summary>
public static class ProviderCatalog
{
    public const string KeyVaultProviderId = "AzureKeyVault";

    private static FieldSpec Required(string name, string description) => new(name, true, description);
    private static FieldSpec Optional(string name, string description) => new(name, false, description);

    private static readonly IReadOnlyList<FieldSpec> NoFields = [];
    private static readonly IReadOnlyList<FieldSpec> ApiKeyFields = [Required("key", "The API key.")];
    private static readonly IReadOnlyList<FieldSpec> ServicePrincipalFields =
    [
        Required("tenantId", "The Entra ID tenant of the service principal."),
        Required("clientId", "The application (client) id."),
        Required("clientSecret", "A client secret of the application."),
    ];

    public static IReadOnlyList<Provider> All { get; } =
    [
        new("OpenAI", "OpenAI",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>> { [AuthType.ApiKey] = ApiKeyFields },
            [Optional("organization", "The OpenAI organization id."), Optional("project", "The OpenAI project id.")],
            Probe: new ProbeSpec("/models", "Authorization", "Bearer ", "key")),
        new("AzureOpenAI", "Azure OpenAI",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>>
            {
                [AuthType.ApiKey] = ApiKeyFields,
                [AuthType.ManagedIdentity] = NoFields,
                [AuthType.ServicePrincipal] = ServicePrincipalFields,
            },
            [Optional("apiVersion", "The API version clients should use, e.g. 2024-10-21."), Optional("deployment", "The default deployment name.")],
            Probe: new ProbeSpec("/openai/models?api-version=2024-10-21", "api-key", "", "key")),
        new("AzureAIServices", "Azure AI services",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>>
            {
                [AuthType.ApiKey] = ApiKeyFields,
                [AuthType.ManagedIdentity] = NoFields,
                [AuthType.ServicePrincipal] = ServicePrincipalFields,
            },
            [Optional("region", "The resource's region.")],
            Probe: new ProbeSpec("/openai/models?api-version=2024-10-21", "Ocp-Apim-Subscription-Key", "", "key")),
        new("AzureAISearch", "Azure AI Search",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>>
            {
                [AuthType.ApiKey] = ApiKeyFields,
                [AuthType.ManagedIdentity] = NoFields,
            },
            [Optional("indexName", "The default index.")],
            Probe: new ProbeSpec("/indexes?api-version=2024-07-01&$select=name", "api-key", "", "key")),
        new("AzureStorage", "Azure Storage",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>>
            {
                [AuthType.AccountKey] = [Required("accountKey", "A storage account key.")],
                [AuthType.SasToken] = [Required("sasToken", "A shared access signature, without the leading '?'.")],
                [AuthType.ManagedIdentity] = NoFields,
                [AuthType.ServicePrincipal] = ServicePrincipalFields,
            },
            [Required("accountName", "The storage account name."), Optional("container", "The default blob container.")]),
        new("AzureSql", "Azure SQL Database",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>>
            {
                [AuthType.ManagedIdentity] = NoFields,
                [AuthType.ServicePrincipal] = ServicePrincipalFields,
                [AuthType.CustomKeys] = NoFields,
            },
            [Required("database", "The database name.")]),
        new("CustomEndpoint", "Custom endpoint",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>>
            {
                [AuthType.ApiKey] = ApiKeyFields,
                [AuthType.CustomKeys] = NoFields,
                [AuthType.None] = NoFields,
            },
            [Optional("apiKeyHeader", "The header that carries the key (default api-key).")],
            // Switchboard issues the key of a custom endpoint that reads its callers' key from Switchboard.
            CanGenerateCredentials: true,
            Probe: new ProbeSpec("", "api-key", "", "key")),
        new(KeyVaultProviderId, "Azure Key Vault",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>> { [AuthType.ManagedIdentity] = NoFields },
            [],
            CreatedThroughKeyVaultSetupOnly: true),
    ];

    public static Provider? Find(string? id) => All.FirstOrDefault(p => p.Id == id);
}
