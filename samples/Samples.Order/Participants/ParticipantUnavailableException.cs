namespace Samples.Order.Participants;

/// <summary>
/// The stock or points service could not be reached or did not answer in time: an outage, not a refusal (the global
/// transaction rolls back; the client is told to try again later).
/// </summary>
/// <param name="service">Which service.</param>
/// <param name="innerException">The connection failure or timeout (its message may name internal addresses: logs only).</param>
public sealed class ParticipantUnavailableException(string service, Exception innerException)
    : Exception($"The {service} service did not answer: {innerException?.Message}", innerException)
{
    /// <summary>Which service.</summary>
    public string Service { get; } = service;
}
