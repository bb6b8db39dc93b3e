using Transactions.Grpc.Internal;

namespace Transactions.Grpc;

/// <summary>
/// Options of the server side, set with <c>services.AddGrpcBinding(o => ...)</c>.
/// </summary>
public sealed class GrpcServerOptions
{
    /// <summary>
    /// The largest request message the server accepts, in bytes; larger ones end the call with
    /// <see cref="StatusCode.ResourceExhausted"/>. Default: 4 MiB (4,194,304).
    /// </summary>
    public int MaxReceiveMessageSize { get; set; } = GrpcDefaults.MaxReceiveMessageSize;

    /// <summary>
    /// The largest response message the server sends, in bytes; larger ones end the call with
    /// <see cref="StatusCode.ResourceExhausted"/>. Unlimited when null. Default: null.
    /// </summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>
    /// When true, the status detail of an unhandled handler exception includes the exception's type and message
    /// (never its stack trace). Keep false in production. Default: false.
    /// </summary>
    public bool EnableDetailedErrors { get; set; }
}
