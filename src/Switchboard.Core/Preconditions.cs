using Switchboard.Core.Errors;

namespace Switchboard.Core;

/// <summary>If-Match: a caller that read an older version of a resource may not overwrite a newer one.</summary>
public static class Preconditions
{
    public static void Check(string? ifMatch, string currentETag)
    {
        if (ifMatch is null || ifMatch == "*")
        {
            return;
        }
        var matches = ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(tag => tag == currentETag);
        if (!matches)
        {
            throw new SwitchboardException(ErrorCode.PreconditionFailed,
                "The resource has changed since it was read (If-Match does not match its ETag). Read it again.");
        }
    }
}
