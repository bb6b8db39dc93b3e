namespace Samples.Hosting.Faults;

/// <summary>A failure switched on through <c>/api/faults</c> (see <see cref="FaultSwitches"/>).</summary>
/// <param name="message">What failed.</param>
public sealed class InjectedFaultException(string message) : Exception(message);
