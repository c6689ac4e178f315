namespace Switchboard.Core.Providers;

/// <summary>The providers Switchboard knows. Ids are case-sensitive, as clients send them.</summary>
public static class ProviderCatalog
{
    public const string KeyVaultProviderId = "AzureKeyVault";

    private static FieldSpec Required(string name, string description) => new(name, true, description);
    private static FieldSpec Optional(string name, string description) => new(name, false, description);

    private static readonly IReadOnlyList<FieldSpec> NoFields = [];
    private static readonly IReadOnlyList<FieldSpec> ApiKeyFields = [Required("key", "The API key.")];
    private static readonly IReadOnlyList<FieldSpec> UsernamePasswordFields =
        [Required("username", "The user name."), Required("password", "The password.")];
    private static readonly IReadOnlyList<FieldSpec> OAuth2Fields =
    [
        Required("tokenUrl", "The token endpoint (client credentials grant)."),
        Required("clientId", "The client id."),
        Required("clientSecret", "The client secret."),
        Optional("scope", "The scope to ask for."),
    ];
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
        new("AzureAIFoundry", "Azure AI Foundry project",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>>
            {
                [AuthType.ApiKey] = ApiKeyFields,
                [AuthType.ManagedIdentity] = NoFields,
                [AuthType.ServicePrincipal] = ServicePrincipalFields,
            },
            [Optional("project", "The Foundry project name (the target is the project endpoint)."), Optional("deployment", "The default model deployment.")]),
        new("Anthropic", "Anthropic",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>> { [AuthType.ApiKey] = ApiKeyFields },
            [Optional("model", "The default model, e.g. claude-sonnet-4-5."), Optional("anthropicVersion", "The anthropic-version header clients send (default 2023-06-01).")],
            Probe: new ProbeSpec("/v1/models", "x-api-key", "", "key", new Dictionary<string, string> { ["anthropic-version"] = "2023-06-01" })),
        new("GoogleGemini", "Google Gemini",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>> { [AuthType.ApiKey] = ApiKeyFields },
            [Optional("model", "The default model, e.g. gemini-2.5-pro.")],
            Probe: new ProbeSpec("/v1beta/models", "x-goog-api-key", "", "key")),
        new("Mistral", "Mistral AI",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>> { [AuthType.ApiKey] = ApiKeyFields },
            [Optional("model", "The default model.")],
            Probe: new ProbeSpec("/v1/models", "Authorization", "Bearer ", "key")),
        new("Cohere", "Cohere",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>> { [AuthType.ApiKey] = ApiKeyFields },
            [Optional("model", "The default model.")],
            Probe: new ProbeSpec("/v1/models", "Authorization", "Bearer ", "key")),
        new("HuggingFace", "Hugging Face",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>> { [AuthType.ApiKey] = [Required("key", "A user access token (hf_...).")] },
            [Optional("model", "The default model repository, e.g. meta-llama/Llama-3.1-8B-Instruct.")],
            Probe: new ProbeSpec("/api/whoami-v2", "Authorization", "Bearer ", "key")),
        new("AmazonBedrock", "Amazon Bedrock",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>>
            {
                [AuthType.AccessKey] =
                [
                    Required("accessKeyId", "The AWS access key id (AKIA... or ASIA...)."),
                    Required("secretAccessKey", "The secret access key."),
                    Optional("sessionToken", "A session token, for temporary credentials."),
                ],
            },
            [Required("region", "The AWS region, e.g. us-east-1."), Optional("model", "The default model id.")]),
        new("AzureCosmosDB", "Azure Cosmos DB",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>>
            {
                [AuthType.AccountKey] = [Required("accountKey", "A primary or secondary key of the account.")],
                [AuthType.ManagedIdentity] = NoFields,
                [AuthType.ServicePrincipal] = ServicePrincipalFields,
            },
            [Optional("database", "The default database."), Optional("container", "The default container.")]),
        new("PostgreSql", "PostgreSQL",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>>
            {
                [AuthType.UsernamePassword] = UsernamePasswordFields,
                [AuthType.ManagedIdentity] = NoFields,
            },
            [Required("database", "The database name."), Optional("sslMode", "The SSL mode clients use (default require).")]),
        new("AzureRedis", "Azure Cache for Redis",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>>
            {
                [AuthType.ApiKey] = [Required("key", "An access key of the cache.")],
                [AuthType.ManagedIdentity] = NoFields,
            },
            [Optional("database", "The database number (default 0).")]),
        new("BingGrounding", "Bing grounding / web search",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>> { [AuthType.ApiKey] = ApiKeyFields },
            [Optional("market", "The market, e.g. en-US.")],
            Probe: new ProbeSpec("/v7.0/search?q=switchboard&count=1", "Ocp-Apim-Subscription-Key", "", "key")),
        new("ApplicationInsights", "Application Insights",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>>
            {
                [AuthType.ApiKey] = [Required("key", "An API key of the Application Insights resource.")],
                [AuthType.ManagedIdentity] = NoFields,
                [AuthType.CustomKeys] = NoFields,
            },
            [Optional("appId", "The application id (for the query API)."), Optional("connectionString", "The connection string apps send telemetry with (not secret).")]),
        new("Git", "Git repository",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>>
            {
                [AuthType.PersonalAccessToken] = [Required("token", "A personal access token.")],
                [AuthType.UsernamePassword] = UsernamePasswordFields,
            },
            [Optional("branch", "The default branch.")]),
        new("McpServer", "Remote MCP server",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>>
            {
                [AuthType.None] = NoFields,
                [AuthType.ApiKey] = ApiKeyFields,
                [AuthType.OAuth2] = OAuth2Fields,
            },
            [Optional("apiKeyHeader", "The header that carries the key (default api-key)."), Optional("transport", "streamableHttp (default) or sse.")]),
        new("CustomEndpoint", "Custom endpoint",
            new Dictionary<AuthType, IReadOnlyList<FieldSpec>>
            {
                [AuthType.ApiKey] = ApiKeyFields,
                [AuthType.CustomKeys] = NoFields,
                [AuthType.None] = NoFields,
                [AuthType.OAuth2] = OAuth2Fields,
                [AuthType.UsernamePassword] = UsernamePasswordFields,
                [AuthType.PersonalAccessToken] = [Required("token", "A personal access token.")],
                [AuthType.AccessKey] = [Required("accessKeyId", "The access key id."), Required("secretAccessKey", "The secret access key.")],
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
