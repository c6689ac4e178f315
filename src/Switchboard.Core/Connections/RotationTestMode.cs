namespace Switchboard.Core.Connections;

/// <summary>How a rotation tests the new credential against the connection's target before promoting it.</summary>
public enum RotationTestMode
{
    /// <summary>The probe must accept the new credential (the default).</summary>
    Required,

    /// <summary>A target the service cannot reach (a private endpoint outside its network) is recorded and the
    /// rotation goes on; a target that refuses the credential still fails it.</summary>
    IfReachable,

    /// <summary>No test: the new credential is promoted as given.</summary>
    Skip,
}
