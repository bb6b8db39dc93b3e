using System.Buffers;
using System.IO.Pipelines;
using Grpc.Core;
using Transactions.Hosting.Memory;

namespace Transactions.Hosting.Security;

/// <summary>
/// A gRPC call's request body reader with two bounds: the call may not read more than <c>limit</c> bytes (the limit
/// for a caller without a valid key), and the bytes it holds (read, not yet consumed) come out of the service-wide
/// <see cref="RequestBodyBudget"/>. Past either, the read fails with <see cref="StatusCode.ResourceExhausted"/> and
/// nothing more is held for the call. <see cref="ReleaseHeld"/> gives the call's bytes back when it ends.
/// </summary>
/// <param name="inner">Kestrel's reader.</param>
/// <param name="limit">Bytes the call may read in all.</param>
/// <param name="budget">The service-wide budget.</param>
public sealed class LimitedPipeReader(PipeReader inner, long limit, RequestBodyBudget budget) : PipeReader
{
    private long _consumed;
    private long _held;
    private ReadOnlySequence<byte> _last;

    /// <inheritdoc />
    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var result = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
        return Check(result);
    }

    /// <inheritdoc />
    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result))
        {
            return false;
        }

        result = Check(result);
        return true;
    }

    /// <inheritdoc />
    public override void AdvanceTo(SequencePosition consumed)
    {
        Consumed(consumed);
        inner.AdvanceTo(consumed);
    }

    /// <inheritdoc />
    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        Consumed(consumed);
        inner.AdvanceTo(consumed, examined);
    }

    /// <inheritdoc />
    public override void CancelPendingRead() => inner.CancelPendingRead();

    /// <inheritdoc />
    public override void Complete(Exception? exception = null)
    {
        ReleaseHeld();
        inner.Complete(exception);
    }

    /// <summary>Gives what the call still holds back to the budget (when it ends; safe to call twice).</summary>
    public void ReleaseHeld()
    {
        var held = Interlocked.Exchange(ref _held, 0);
        if (held > 0)
        {
            budget.Release(held);
        }
    }

    private void Consumed(SequencePosition consumed)
    {
        var length = _last.Slice(0, consumed).Length;
        _consumed += length;
        _last = _last.Slice(consumed);
        _held -= length;
        budget.Release(length);
    }

    private ReadResult Check(ReadResult result)
    {
        var buffered = result.Buffer.Length;
        string? refusal = null;
        if (_consumed + buffered > limit)
        {
            refusal = $"The request is larger than {limit} bytes, the limit for a caller without a valid application key.";
        }
        else if (buffered > _held && !budget.TryTake(buffered - _held))
        {
            refusal = $"The service holds {budget.LimitBytes / (1024 * 1024)} MiB of unfinished requests, its budget (Memory:RequestBodyBudgetMegabytes): try again later.";
        }

        if (refusal is null)
        {
            _held = Math.Max(_held, buffered);
            _last = result.Buffer;
            return result;
        }

        // Release the read before failing, so the pipe is left in a state Kestrel can complete.
        inner.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        _last = default;
        ReleaseHeld();
        throw new RpcException(new Status(StatusCode.ResourceExhausted, refusal));
    }
}
