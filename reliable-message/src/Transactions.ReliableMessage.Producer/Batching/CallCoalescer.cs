using System.Threading.Channels;

namespace Transactions.ReliableMessage.Producer.Batching;

/// <summary>
/// Coalesces concurrent calls into batch calls, group-commit style: items that arrive while a batch call is in flight
/// leave together in the next one; a lone item leaves at once (no timer, so no added latency at low load).
/// <see cref="Senders"/> batch calls run at a time. Each caller gets its own item's outcome; a batch call that fails
/// as a whole fails each of its callers with that exception.
/// </summary>
/// <typeparam name="TItem">One call's request.</typeparam>
/// <typeparam name="TResult">One call's answer.</typeparam>
internal sealed class CallCoalescer<TItem, TResult> : IAsyncDisposable, IDisposable
{
    /// <summary>How long <see cref="DisposeAsync"/> lets the senders finish what is queued and in flight.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<ItemOutcome<TResult>>>> _send;
    private readonly Func<TItem, long> _size;
    private readonly int _maxItems;
    private readonly long _maxBytes;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    // Never disposed: a sender that outlives DisposeAsync's drain timeout still reads its token (it holds no timer).
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task[]? _senders;
    private int _disposed;

    /// <summary>Creates the coalescer; its senders start with the first call.</summary>
    /// <param name="send">Sends one batch; answers one outcome per item, in order.</param>
    /// <param name="size">An item's size in bytes, to keep a batch under <paramref name="maxBytes"/>.</param>
    /// <param name="maxItems">Most items per batch.</param>
    /// <param name="maxBytes">Most bytes per batch (a larger item still leaves, alone).</param>
    /// <param name="senders">Batch calls in flight at once.</param>
    public CallCoalescer(
        Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<ItemOutcome<TResult>>>> send,
        Func<TItem, long> size,
        int maxItems,
        long maxBytes,
        int senders)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(senders, 1);
        _send = send;
        _size = size;
        _maxItems = maxItems;
        _maxBytes = maxBytes;
        Senders = senders;
    }

    /// <summary>Batch calls in flight at once.</summary>
    public int Senders { get; }

    /// <summary>
    /// Queues <paramref name="item"/> for the next batch; completes with its outcome. A caller that cancels before its
    /// batch leaves is taken out of it (nothing is sent for it); once sent, cancelling only ends its wait.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The coalescer was disposed.</exception>
    public Task<TResult> CallAsync(TItem item, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        EnsureStarted();
        var pending = new Pending(item, _size(item), new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(CallCoalescer<TItem, TResult>));
        }

        return pending.Result.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Stops taking calls; the batches in flight and the calls already queued are still sent (for at most
    /// <see cref="DrainTimeout"/>), then the senders stop and whatever is left fails with <see cref="ObjectDisposedException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        if (Volatile.Read(ref _senders) is { } senders)
        {
            try
            {
                await Task.WhenAll(senders).WaitAsync(DrainTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        while (_queue.Reader.TryRead(out var left))
        {
            left.Result.TrySetException(new ObjectDisposedException(nameof(CallCoalescer<TItem, TResult>)));
        }
    }

    /// <summary>Stops at once: no more calls; batches in flight are cancelled, queued calls fail.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        _stopping.Cancel();
        while (_queue.Reader.TryRead(out var left))
        {
            left.Result.TrySetException(new ObjectDisposedException(nameof(CallCoalescer<TItem, TResult>)));
        }
    }

    private void EnsureStarted()
    {
        if (Volatile.Read(ref _senders) is not null)
        {
            return;
        }

        lock (_gate)
        {
            _senders ??= Enumerable.Range(0, Senders).Select(_ => Task.Run(RunSenderAsync)).ToArray();
        }
    }

    private async Task RunSenderAsync()
    {
        var token = _stopping.Token;
        var batch = new List<Pending>(_maxItems);
        Pending? carry = null; // read but over this batch's byte budget: first of this sender's next batch
        try
        {
            while (carry is not null || await _queue.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                batch.Clear();
                var bytes = 0L;
                if (carry is not null)
                {
                    batch.Add(carry);
                    bytes = carry.Bytes;
                    carry = null;
                }

                while (batch.Count < _maxItems && _queue.Reader.TryRead(out var next))
                {
                    if (next.CallerToken.IsCancellationRequested)
                    {
                        next.Result.TrySetCanceled(next.CallerToken);
                        continue;
                    }

                    if (batch.Count > 0 && bytes + next.Bytes > _maxBytes)
                    {
                        carry = next;
                        break;
                    }

                    batch.Add(next);
                    bytes += next.Bytes;
                }

                if (batch.Count > 0)
                {
                    await SendAsync(batch, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            foreach (var pending in batch)
            {
                pending.Result.TrySetCanceled(token);
            }

            carry?.Result.TrySetException(new ObjectDisposedException(nameof(CallCoalescer<TItem, TResult>)));
        }
    }

    private async Task SendAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        try
        {
            var outcomes = await _send([.. batch.Select(p => p.Item)], cancellationToken).ConfigureAwait(false);
            if (outcomes.Count != batch.Count)
            {
                throw new InvalidOperationException($"The batch call answered {outcomes.Count} results for {batch.Count} items (the sender must check).");
            }

            for (var i = 0; i < batch.Count; i++)
            {
                if (outcomes[i].Error is { } error)
                {
                    batch[i].Result.TrySetException(error);
                }
                else
                {
                    batch[i].Result.TrySetResult(outcomes[i].Result!);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            foreach (var pending in batch)
            {
                pending.Result.TrySetException(ex);
            }
        }
    }

    private sealed record Pending(TItem Item, long Bytes, TaskCompletionSource<TResult> Result, CancellationToken CallerToken);
}
