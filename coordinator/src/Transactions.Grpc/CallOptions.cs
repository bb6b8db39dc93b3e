namespace Transactions.Grpc;

/// <summary>
/// Per-call options for <see cref="GrpcChannel"/> calls.
/// </summary>
/// <param name="Headers">Custom metadata to send as request headers; none when null.</param>
/// <param name="Deadline">
/// When the call must complete (a UTC <see cref="DateTime"/>; local times are converted). Sent as
/// <c>grpc-timeout</c>; the call fails with <see cref="StatusCode.DeadlineExceeded"/> when it passes. None when null.
/// </param>
/// <param name="CancellationToken">Cancels the call; the call then fails with <see cref="StatusCode.Cancelled"/>.</param>
public readonly record struct CallOptions(Metadata? Headers = null, DateTime? Deadline = null, CancellationToken CancellationToken = default);
