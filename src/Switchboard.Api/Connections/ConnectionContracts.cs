using System.Text.Json;
using System.Xml;
using Switchboard.Core.Connections;
using Switchboard.Core.Errors;
using Switchboard.Core.Ports;

namespace Switchboard.Api.Connections;

/// <summary>The body of <c>POST {scope}/connections</c> (and, merged, of PATCH).</summary>
public sealed record ConnectionRequest(
    string? Alias,
    string? Name,
    string? Provider,
    string? Target,
    string? AuthType,
    Dictionary<string, string>? Credentials,
    Dictionary<string, string>? Settings,
    bool? IsActive,
    DateTimeOffset? ExpiresAt,
    RotationContract? Rotation,
    JsonElement? SharedWith,
    Dictionary<string, string>? Metadata)
{
    public ConnectionInput ToInput() => new(Alias, Name, Provider, Target, AuthType, Credentials, Settings, IsActive, ExpiresAt,
        Rotation is null ? null : new RotationInput(Rotation.NotifyBefore, Rotation.AutoRotate, Rotation.GracePeriod, Rotation.ValidityPeriod, Rotation.Test),
        SharedWithOf(SharedWith), Metadata);

    private static SharedWith? SharedWithOf(JsonElement? value) => value switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } s when s.GetString() == "all" => Core.Connections.SharedWith.All,
        { ValueKind: JsonValueKind.Array } a when a.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
            new SharedWith([.. a.EnumerateArray().Select(e => e.GetString()!).Distinct()]),
        _ => throw SwitchboardException.Validation("sharedWith", "\"all\" or a list of project names."),
    };
}

/// <param name="Test"><c>required</c> (the default), <c>ifReachable</c> or <c>skip</c>: how a rotation tests the new credential.</param>
public sealed record RotationContract(string? NotifyBefore, bool? AutoRotate, string? GracePeriod, string? ValidityPeriod, string? Test = null)
{
    public static RotationContract From(RotationPolicy p) => new(
        XmlConvert.ToString(p.NotifyBefore), p.AutoRotate, XmlConvert.ToString(p.GracePeriod),
        p.ValidityPeriod is { } v ? XmlConvert.ToString(v) : null, ConnectionValidator.NameOf(p.Test));
}

/// <summary>A connection as the API shows it. There is no member for a credential value.</summary>
public sealed record ConnectionResponse(
    string Id,
    string Alias,
    string Name,
    string Provider,
    string Target,
    string AuthType,
    string Hub,
    string? Project,
    string Scope,
    IReadOnlyList<string> CredentialFields,
    string CredentialSource,
    IReadOnlyDictionary<string, string> CredentialReferences,
    string? SecretVersion,
    IReadOnlyDictionary<string, string> Settings,
    bool IsActive,
    string Status,
    string CredentialStatus,
    DateTimeOffset? ExpiresAt,
    RotationContract Rotation,
    object? SharedWith,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    string Etag)
{
    public static ConnectionResponse From(Versioned<Connection> versioned, DateTimeOffset now)
    {
        var c = versioned.Value;
        return new ConnectionResponse(c.Id, c.Alias, c.Name, c.Provider, c.Target.ToString(), c.AuthType.ToString(), c.Hub, c.Project,
            c.IsHubConnection ? "hub" : "project", c.CredentialFields, c.CredentialSource.ToString(), c.CredentialReferences,
            c.Versions.Current, c.Settings, c.IsActive, c.IsActive ? "Active" : "Disabled", c.CredentialStatusAt(now).ToString(),
            c.ExpiresAt, RotationContract.From(c.Rotation),
            c.IsHubConnection ? (c.SharedWith.IsAll ? "all" : c.SharedWith.Projects) : null,
            c.Metadata, c.Stamp.CreatedAt, c.Stamp.CreatedBy, c.Stamp.UpdatedAt, c.Stamp.UpdatedBy, versioned.ETag);
    }

    /// <summary>The hub's Key Vault connection, shown among the hub's connections.</summary>
    public static ConnectionResponse From(Versioned<Core.KeyVault.KeyVaultConnection> versioned)
    {
        var kv = versioned.Value;
        return new ConnectionResponse("keyvault", "keyvault", "Key Vault " + kv.VaultUri.Host, Core.Providers.ProviderCatalog.KeyVaultProviderId,
            kv.VaultUri.ToString(), nameof(Core.Providers.AuthType.ManagedIdentity), kv.Hub, null, "hub", [], nameof(Core.Connections.CredentialSource.None),
            new Dictionary<string, string>(), null, new Dictionary<string, string>(), kv.Status == Core.KeyVault.KeyVaultStatus.Active,
            kv.Status.ToString(), nameof(Core.Connections.CredentialStatus.Unknown), null, RotationContract.From(RotationPolicy.Default), "all",
            new Dictionary<string, string>(), kv.Stamp.CreatedAt, kv.Stamp.CreatedBy, kv.Stamp.UpdatedAt, kv.Stamp.UpdatedBy, versioned.ETag);
    }

    /// <summary>The connection as a create request would describe it (no credentials): the base a merge patch applies to.</summary>
    public static JsonElement AsRequest(Connection c) => JsonSerializer.SerializeToElement(new
    {
        alias = c.Alias,
        name = c.Name,
        provider = c.Provider,
        target = c.Target.ToString(),
        authType = c.AuthType.ToString(),
        settings = c.Settings,
        isActive = c.IsActive,
        expiresAt = c.ExpiresAt,
        rotation = RotationContract.From(c.Rotation),
        sharedWith = c.IsHubConnection ? (c.SharedWith.IsAll ? "all" : (object?)c.SharedWith.Projects) : null,
        metadata = c.Metadata,
    }, Api.JsonBody.Options);
}

public sealed record SecretsResponse(IReadOnlyDictionary<string, string> Credentials, string? SecretVersion, IReadOnlyList<string>? Unresolved);

public sealed record TestResponse(bool? Ok, int? Status, int LatencyMs, string Detail);

public sealed record DependentRequest(string? Kind, string? Name);

public sealed record DependentResponse(string Id, string Kind, string? Name, DateTimeOffset CreatedAt, string CreatedBy, string Etag)
{
    public static DependentResponse From(Versioned<Dependent> d) =>
        new(d.Value.Id, d.Value.Kind, d.Value.Name, d.Value.CreatedAt, d.Value.CreatedBy, d.ETag);
}
