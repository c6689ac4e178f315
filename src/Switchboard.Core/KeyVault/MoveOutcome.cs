namespace Switchboard.Core.KeyVault;

/// <summary>What became of one connection in a round of a Key Vault migration.</summary>
public enum MoveOutcome
{
    /// <summary>Its row names the target vault and the copies there.</summary>
    Moved,
    /// <summary>Deleted meanwhile: nothing to move.</summary>
    Gone,
    /// <summary>A rotation is under way (a pending version): moved once it has finished.</summary>
    Waiting,
    /// <summary>The target vault refused Switchboard's identity: tried again until the deadline.</summary>
    Forbidden,
    /// <summary>A vault did not answer: tried again until the deadline.</summary>
    Unavailable,
    /// <summary>The target refused the secret itself (over its limits): the migration fails.</summary>
    Rejected,
}
