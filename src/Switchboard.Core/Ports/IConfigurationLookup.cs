namespace Switchboard.Core.Ports;

/// <summary>The app's configuration, for resolving <c>$Section:Key</c> references.</summary>
public interface IConfigurationLookup
{
    string? Get(string key);
}
