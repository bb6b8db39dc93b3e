using System.Net;

namespace Samples.Order.Participants;

/// <summary>The stock or points service refused its Try (the global transaction rolls back).</summary>
/// <param name="service">Which service.</param>
/// <param name="statusCode">Its HTTP status.</param>
/// <param name="detail">Its explanation.</param>
public sealed class ParticipantRefusedException(string service, HttpStatusCode statusCode, string detail)
    : Exception($"The {service} service refused: {detail}")
{
    /// <summary>Which service.</summary>
    public string Service { get; } = service;

    /// <summary>Its HTTP status.</summary>
    public HttpStatusCode StatusCode { get; } = statusCode;
}
