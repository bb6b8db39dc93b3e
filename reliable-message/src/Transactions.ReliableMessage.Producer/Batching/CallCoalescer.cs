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
internal sealed class CallCoalescer<TItem, TResult> : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<ItemOutcome<TResult>>>> _send;
    private readonly Func<TItem, long> _size;
    private readonly int _maxItems;
    private readonly long _maxBytes;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task[]? _senders;

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

    /// <summary>Queues <paramref name="item"/> for the next batch; completes with its outcome.</summary>
    /// <exception cref="ObjectDisposedException">The coalescer was disposed.</exception>
    public Task<TResult> CallAsync(TItem item, CancellationToken cancellationToken)
    {
        EnsureStarted();
        var pending = new Pending(item, _size(item), new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(CallCoalescer<TItem, TResult>));
        }

        return pending.Result.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (Volatile.Read(ref _senders) is { } senders)
        {
            await Task.WhenAll(senders).ConfigureAwait(false);
        }

        while (_queue.Reader.TryRead(out var left))
        {
            left.Result.TrySetException(new ObjectDisposedException(nameof(CallCoalescer<TItem, TResult>)));
        }

        _stopping.Dispose();
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
        try
        {
            while (await _queue.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                batch.Clear();
                var bytes = 0L;
                while (batch.Count < _maxItems && _queue.Reader.TryPeek(out var next)
                    && (batch.Count == 0 || bytes + next.Bytes <= _maxBytes) && _queue.Reader.TryRead(out next))
                {
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
        }
    }

    private async Task SendAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        try
        {
            var outcomes = await _send([.. batch.Select(p => p.Item)], cancellationToken).ConfigureAwait(false);
            if (outcomes.Count != batch.Count)
            {
                throw new InvalidOperationException($"The batch call answered {outcomes.Count} results for {batch.Count} items.");
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

    private sealed record Pending(TItem Item, long Bytes, TaskCompletionSource<TResult> Result);
}
