using System.Xml;
using Switchboard.Core.Connections;
using Switchboard.Core.Errors;
using Switchboard.Core.Ports;

namespace Switchboard.Api.Connections;

/// <summary>The query string of a connection list: <c>provider</c>, <c>status</c>, <c>credentialStatus</c>, <c>expiringWithin</c>.</summary>
public static class ConnectionFilters
{
    public static ConnectionQuery Parse(string? provider, string? status, string? credentialStatus, string? expiringWithin, DateTimeOffset now)
    {
        bool? isActive = status switch
        {
            null => null,
            "Active" => true,
            "Disabled" => false,
            _ => throw SwitchboardException.Validation("status", "'Active' or 'Disabled'."),
        };
        CredentialStatus? credential = credentialStatus is null ? null
            : Enum.TryParse<CredentialStatus>(credentialStatus, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(credentialStatus, out _)
                ? parsed
                : throw SwitchboardException.Validation("credentialStatus", "One of " + string.Join(", ", Enum.GetNames<CredentialStatus>()) + ".");
        DateTimeOffset? before = null;
        if (expiringWithin is not null)
        {
            try
            {
                before = now + XmlConvert.ToTimeSpan(expiringWithin);
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentOutOfRangeException)
            {
                throw SwitchboardException.Validation("expiringWithin", "An ISO 8601 duration such as P30D.");
            }
        }
        return new ConnectionQuery(null, provider, isActive, credential, before);
    }
}
