namespace Samples.Contracts.Faults;

/// <summary>
/// The failure switches of a TCC participant service (<c>GET</c>/<c>PUT /api/faults</c>), for demonstrations and
/// tests. A service that is down is simulated by stopping its process.
/// </summary>
/// <param name="FailTry">Every Try fails (the global transaction rolls back).</param>
/// <param name="ConfirmDelayMs">Each Confirm waits this long first (a slow Confirm; 0-60,000).</param>
/// <param name="ConfirmFailures">The next this-many Confirm calls fail (a transient failure the coordinator retries; 0-100).</param>
public sealed record FaultSettings(bool FailTry, int ConfirmDelayMs, int ConfirmFailures)
{
    /// <summary>No fault.</summary>
    public static FaultSettings None { get; } = new(false, 0, 0);
}
