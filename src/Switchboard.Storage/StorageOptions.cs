using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Switchboard.Storage;

/// <summary>
/// Where Table and Queue Storage are, read the way the Functions host reads <c>AzureWebJobsStorage</c>:
/// a connection string (<c>UseDevelopmentStorage=true</c> for Azurite) or identity-based settings
/// (<c>AzureWebJobsStorage__tableServiceUri</c>, <c>__queueServiceUri</c>, <c>__credential</c>, <c>__clientId</c>).
/// </summary>
public sealed partial class StorageOptions
{
    public const string Setting = "AzureWebJobsStorage";
    public const string PrefixSetting = "Switchboard:Storage:Prefix";

    public string? ConnectionString { get; set; }
    public Uri? TableServiceUri { get; set; }
    public Uri? QueueServiceUri { get; set; }

    /// <summary>The task hub's leases and large messages live in blobs (the Durable Task engine's Azure Storage provider).</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary><c>managedidentity</c> to use the app's managed identity; otherwise DefaultAzureCredential.</summary>
    public string? Credential { get; set; }
    public string? ClientId { get; set; }

    /// <summary>Prepended to every table and queue name, so environments and test runs can share an account.</summary>
    public string Prefix { get; set; } = "";

    public bool UsesIdentity => string.IsNullOrWhiteSpace(ConnectionString);

    public static void Bind(StorageOptions options, IConfiguration configuration)
    {
        var section = configuration.GetSection(Setting);
        options.ConnectionString = section.Value;
        options.TableServiceUri = UriOrNull(section["tableServiceUri"]);
        options.QueueServiceUri = UriOrNull(section["queueServiceUri"]);
        options.BlobServiceUri = UriOrNull(section["blobServiceUri"]);
        options.Credential = section["credential"];
        options.ClientId = section["clientId"];
        options.Prefix = configuration[PrefixSetting] ?? "";
    }

    private static Uri? UriOrNull(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : value is null ? null : new Uri("invalid:" + value);

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9]{0,15})?$")]
    internal static partial Regex PrefixFormat();
}

/// <summary>Stops the app at start-up with a message that names the setting to fix.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (options.UsesIdentity)
        {
            if (options.TableServiceUri is null && options.QueueServiceUri is null)
            {
                failures.Add($"Setting '{StorageOptions.Setting}' is missing: give a storage connection string " +
                    $"(UseDevelopmentStorage=true for Azurite) or '{StorageOptions.Setting}__tableServiceUri', '__queueServiceUri' and '__blobServiceUri'.");
            }
            CheckServiceUri(failures, "tableServiceUri", options.TableServiceUri);
            CheckServiceUri(failures, "queueServiceUri", options.QueueServiceUri);
            CheckServiceUri(failures, "blobServiceUri", options.BlobServiceUri);
            if (options.Credential is not null && !options.Credential.Equals("managedidentity", StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"Setting '{StorageOptions.Setting}__credential' must be 'managedidentity' or absent.");
            }
        }
        else if (!StorageServices.IsValidConnectionString(options.ConnectionString!))
        {
            failures.Add($"Setting '{StorageOptions.Setting}' is not a valid storage connection string.");
        }

        if (!StorageOptions.PrefixFormat().IsMatch(options.Prefix))
        {
            failures.Add($"Setting '{StorageOptions.PrefixSetting}' must be empty or a letter followed by up to 15 letters or digits.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckServiceUri(List<string> failures, string key, Uri? uri)
    {
        if (uri is null)
        {
            failures.Add($"Setting '{StorageOptions.Setting}__{key}' is missing.");
        }
        else if (uri.Scheme is not ("https" or "http"))
        {
            failures.Add($"Setting '{StorageOptions.Setting}__{key}' must be an absolute https URL.");
        }
    }
}
