using System.Threading.Channels;

namespace Transactions.ReliableMessage.Engine;

/// <summary>
/// Group commit: requests that arrive while a batch is being written are written together by the next batch (one
/// statement for many Prepares or Commits instead of one round trip each). A lone request is written at once, so
/// batching costs no latency at low load and grows with load. <paramref name="concurrency"/> batches run at a time.
/// </summary>
/// <typeparam name="TIn">A request.</typeparam>
/// <typeparam name="TOut">Its result.</typeparam>
/// <param name="execute">Writes a batch; returns one result per request, in order.</param>
/// <param name="maxBatch">Most requests per batch.</param>
/// <param name="concurrency">Batches in flight at once.</param>
internal sealed class RequestBatcher<TIn, TOut>(
    Func<IReadOnlyList<TIn>, CancellationToken, Task<IReadOnlyList<TOut>>> execute,
    int maxBatch,
    int concurrency) : IDisposable
{
    private readonly Channel<(TIn Request, TaskCompletionSource<TOut> Result)> _queue =
        Channel.CreateUnbounded<(TIn, TaskCompletionSource<TOut>)>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });

    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task[]? _workers;

    /// <summary>Queues a request; completes with its result (or the batch's exception).</summary>
    public Task<TOut> RunAsync(TIn request, CancellationToken cancellationToken)
    {
        EnsureStarted();
        var result = new TaskCompletionSource<TOut>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((request, result)))
        {
            throw new ObjectDisposedException(nameof(RequestBatcher<TIn, TOut>));
        }

        return result.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private void EnsureStarted()
    {
        if (Volatile.Read(ref _workers) is not null)
        {
            return;
        }

        lock (_gate)
        {
            _workers ??= Enumerable.Range(0, concurrency).Select(_ => Task.Run(RunWorkerAsync)).ToArray();
        }
    }

    private async Task RunWorkerAsync()
    {
        var token = _stopping.Token;
        var requests = new List<TIn>(maxBatch);
        var results = new List<TaskCompletionSource<TOut>>(maxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                requests.Clear();
                results.Clear();
                while (requests.Count < maxBatch && _queue.Reader.TryRead(out var item))
                {
                    requests.Add(item.Request);
                    results.Add(item.Result);
                }

                if (requests.Count == 0)
                {
                    continue;
                }

                try
                {
                    var outcomes = await execute(requests.ToArray(), token).ConfigureAwait(false);
                    for (var i = 0; i < results.Count; i++)
                    {
                        results[i].TrySetResult(outcomes[i]);
                    }
                }
                catch (Exception ex)
                {
                    foreach (var result in results)
                    {
                        result.TrySetException(ex);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }
}
