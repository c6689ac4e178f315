namespace Switchboard.Api.Access;

/// <summary>Who may call: Entra ID tokens for an authority and audience, API keys, and a bootstrap admin key.</summary>
public sealed class AccessOptions
{
    public const string Section = "Switchboard:Auth";
    public const string AdminKeySetting = "SWITCHBOARD_ADMIN_KEY";

    /// <summary>The Entra ID authority, e.g. https://login.microsoftonline.com/{tenant}/v2.0. Unset: no tokens accepted.</summary>
    public string? Authority { get; set; }

    /// <summary>The API's audience (its application id or id URI).</summary>
    public string? Audience { get; set; }

    /// <summary>Issuers to accept besides the authority's own (v1 and v2 token issuers differ).</summary>
    public List<string> ValidIssuers { get; set; } = [];

    /// <summary>Metadata over https only; tests with a local authority turn it off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Serve requests without credentials as an administrator: only in the Testing environment.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>The platform Administrator key (<c>SWITCHBOARD_ADMIN_KEY</c>).</summary>
    public string? AdminKey { get; set; }

    public bool AcceptsTokens => !string.IsNullOrWhiteSpace(Authority);
}
