namespace Transactions.Grpc;

/// <summary>
/// The outcome of a gRPC call: a status code and a human-readable detail message.
/// </summary>
/// <param name="StatusCode">The status code.</param>
/// <param name="Detail">The detail message (sent percent-encoded as <c>grpc-message</c>).</param>
public readonly record struct Status(StatusCode StatusCode, string Detail)
{
    /// <summary>The status of a successful call: <see cref="StatusCode.OK"/> with an empty detail.</summary>
    public static readonly Status DefaultSuccess = new(StatusCode.OK, string.Empty);

    /// <summary>The status of a call cancelled without further detail.</summary>
    public static readonly Status DefaultCancelled = new(StatusCode.Cancelled, string.Empty);

    /// <summary>
    /// Formats the status as Grpc.Core does: <c>Status(StatusCode="NotFound", Detail="...")</c>.
    /// </summary>
    /// <returns>The formatted status.</returns>
    public override string ToString() => $"Status(StatusCode=\"{StatusCode}\", Detail=\"{Detail}\")";
}
