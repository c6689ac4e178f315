using Switchboard.Core.Errors;

namespace Switchboard.Api.Problems;

/// <summary>The HTTP status of each error code, and the code of each bare status.</summary>
public static class ProblemStatus
{
    public static int Of(ErrorCode code) => code switch
    {
        ErrorCode.ValidationFailed or ErrorCode.ConfigurationReferenceNotAllowed => StatusCodes.Status400BadRequest,
        ErrorCode.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorCode.Forbidden => StatusCodes.Status403Forbidden,
        ErrorCode.NotFound => StatusCodes.Status404NotFound,
        ErrorCode.MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        ErrorCode.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        ErrorCode.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorCode.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ErrorCode.TooManyRequests => StatusCodes.Status429TooManyRequests,
        ErrorCode.ServiceUnavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorCode.InternalError => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status409Conflict,
    };

    /// <summary>The code for a response that the framework produced with a status and no body.</summary>
    public static ErrorCode CodeOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ErrorCode.ValidationFailed,
        StatusCodes.Status401Unauthorized => ErrorCode.Unauthorized,
        StatusCodes.Status403Forbidden => ErrorCode.Forbidden,
        StatusCodes.Status404NotFound => ErrorCode.NotFound,
        StatusCodes.Status405MethodNotAllowed => ErrorCode.MethodNotAllowed,
        StatusCodes.Status409Conflict => ErrorCode.Conflict,
        StatusCodes.Status412PreconditionFailed => ErrorCode.PreconditionFailed,
        StatusCodes.Status413PayloadTooLarge => ErrorCode.PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => ErrorCode.UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => ErrorCode.TooManyRequests,
        StatusCodes.Status503ServiceUnavailable => ErrorCode.ServiceUnavailable,
        _ => ErrorCode.InternalError,
    };
}
