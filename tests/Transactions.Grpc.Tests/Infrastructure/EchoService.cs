using Google.Protobuf;
using Transactions.Grpc.Tests.Echo;

namespace Transactions.Grpc.Tests.Infrastructure;

/// <summary>The handler of <c>echo.v1.Echo/Say</c>; records what it saw for the tests to check.</summary>
public sealed class EchoService
{
    private int _calls;

    /// <summary>Set when a waiting or sleeping handler has started.</summary>
    public TaskCompletionSource HandlerStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when a waiting handler saw its CancellationToken cancelled.</summary>
    public TaskCompletionSource HandlerTokenCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when a sleeping handler (one that ignores its token) has finished.</summary>
    public TaskCompletionSource HandlerSleepFinished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Forgets the calls counted so far (after a warm-up call).</summary>
    public void ResetCalls() => Volatile.Write(ref _calls, 0);

    public async Task<EchoReply> SayAsync(EchoRequest request, ServerCallContext context)
    {
        Interlocked.Increment(ref _calls);

        // Echo custom request metadata (x-*) back as trailers, on success and on errors alike.
        foreach (var entry in context.RequestHeaders)
        {
            if (entry.Key.StartsWith("x-", StringComparison.Ordinal))
            {
                context.ResponseTrailers.Add("echo-" + entry.Key, entry.Value);
            }
        }

        if (request.WaitForCancellation)
        {
            HandlerStarted.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                HandlerTokenCancelled.TrySetResult();
                throw;
            }
        }

        if (request.SleepMs > 0)
        {
            HandlerStarted.TrySetResult();
#pragma warning disable CA2016 // Deliberately ignores the token: tests a handler that does not cooperate.
            await Task.Delay(request.SleepMs);
#pragma warning restore CA2016
            HandlerSleepFinished.TrySetResult();
        }

        if (request.Crash)
        {
            throw new InvalidOperationException(request.Message);
        }

        if (request.StatusCode != 0)
        {
            var trailers = new Metadata { { "x-error-trailer", "yes" } };
            throw new RpcException(new Status((StatusCode)request.StatusCode, request.StatusDetail), trailers);
        }

        return new EchoReply
        {
            Message = request.Message,
            Id = request.Id,
            Payload = request.ReplySize > 0 ? ByteString.CopyFrom(new byte[request.ReplySize]) : ByteString.Empty,
            Peer = context.Peer,
            DeadlineInSeconds = context.Deadline == DateTime.MaxValue
                ? -1
                : (context.Deadline - TimeProvider.System.GetUtcNow().UtcDateTime).TotalSeconds,
        };
    }
}
