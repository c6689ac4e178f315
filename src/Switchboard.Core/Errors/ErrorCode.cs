namespace Switchboard.Core.Errors;

/// <summary>The machine-readable codes of the API's errors (API.md, "Conventions").</summary>
public enum ErrorCode
{
    ValidationFailed,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    AliasTaken,
    AlreadyExists,
    ProviderImmutable,
    KeyVaultMustBeFirst,
    KeyVaultMustBeLast,
    KeyVaultAlreadyConnected,
    KeyVaultSetupInProgress,
    ConnectionInUse,
    ConnectionDisabled,
    EncryptionImmutable,
    KeyVaultChangeNotAllowed,
    HubDeleting,
    OperationInProgress,
    KeyVaultMigrationInProgress,
    Conflict,
    ConfigurationReferenceNotAllowed,
    PreconditionFailed,
    PayloadTooLarge,
    UnsupportedMediaType,
    TooManyRequests,
    ServiceUnavailable,
    InternalError,
}
