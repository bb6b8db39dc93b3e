using System.Collections.Concurrent;
using Transactions.ReliableMessage.Producer.Batching;

namespace Transactions.ReliableMessage.Tests.Producer;

public sealed class CallCoalescerTests
{
    [Fact]
    public async Task LoneCall_LeavesAtOnceAlone()
    {
        var sent = new ConcurrentQueue<int[]>();
        await using var sut = new CallCoalescer<int, int>(Doubling(sent), _ => 1, maxItems: 10, maxBytes: 100, senders: 1);

        Assert.Equal(14, await sut.CallAsync(7, default).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal([7], Assert.Single(sent));
    }

    [Fact]
    public async Task CallsWhileABatchIsInFlight_LeaveTogetherInTheNextBatches_EachGetsItsOwnResult()
    {
        var sent = new ConcurrentQueue<int[]>();
        var held = new FirstBatchHeld(Doubling(sent));
        await using var sut = new CallCoalescer<int, int>(
            held.SendAsync,
            _ => 1,
            maxItems: 20,
            maxBytes: 1_000,
            senders: 1);

        var head = sut.CallAsync(100, default);
        await held.FirstLeft.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var rest = Enumerable.Range(1, 50).Select(i => sut.CallAsync(i, default)).ToArray();
        held.Release.SetResult();
        var results = await Task.WhenAll(rest).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(200, await head);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => i * 2), results);
        var batches = sent.ToArray();
        Assert.Equal([100], batches[0]);
        Assert.Equal([20, 20, 10], batches.Skip(1).Select(b => b.Length));
        Assert.Equal(Enumerable.Range(1, 50).Append(100), batches.SelectMany(b => b).Order());
    }

    [Fact]
    public async Task ItemError_FailsOnlyThatCaller()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var sut = new CallCoalescer<int, int>(
            async (items, _) =>
            {
                await gate.Task;
                return [.. items.Select(i => i == 3
                    ? ItemOutcome<int>.Failure(new InvalidOperationException($"item {i} refused"))
                    : ItemOutcome<int>.Success(i))];
            },
            _ => 1,
            maxItems: 10,
            maxBytes: 100,
            senders: 1);

        var calls = Enumerable.Range(1, 5).Select(i => sut.CallAsync(i, default)).ToArray();
        gate.SetResult();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => calls[2]);
        Assert.Equal("item 3 refused", error.Message);
        var others = await Task.WhenAll(calls.Where((_, i) => i != 2));
        Assert.Equal(new[] { 1, 2, 4, 5 }, others);
    }

    [Fact]
    public async Task BatchCallFails_EveryCallerOfThatBatchGetsTheException()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var sut = new CallCoalescer<int, int>(
            async (_, _) =>
            {
                await gate.Task;
                throw new TimeoutException("the service did not answer");
            },
            _ => 1,
            maxItems: 10,
            maxBytes: 100,
            senders: 1);

        var calls = Enumerable.Range(1, 4).Select(i => sut.CallAsync(i, default)).ToArray();
        gate.SetResult();

        foreach (var call in calls)
        {
            Assert.Equal("the service did not answer", (await Assert.ThrowsAsync<TimeoutException>(() => call)).Message);
        }
    }

    [Fact]
    public async Task ByteBudget_BatchesStayUnderIt_ALargerItemLeavesAlone()
    {
        var sent = new ConcurrentQueue<int[]>();
        var held = new FirstBatchHeld(Doubling(sent));
        await using var sut = new CallCoalescer<int, int>(
            held.SendAsync,
            size: i => i,
            maxItems: 100,
            maxBytes: 1_000,
            senders: 1);

        var head = sut.CallAsync(1, default);
        await held.FirstLeft.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var rest = new[] { 400, 400, 400, 5_000, 300 }.Select(i => sut.CallAsync(i, default)).ToArray();
        held.Release.SetResult();
        await Task.WhenAll(rest).WaitAsync(TimeSpan.FromSeconds(10));
        await head;

        Assert.Equal([[1], [400, 400], [400], [5_000], [300]], sent.ToArray());
    }

    [Fact]
    public async Task SeveralSenders_ManyConcurrentCalls_EachSentOnceAndEveryBatchWithinTheBudget()
    {
        var sent = new ConcurrentQueue<int[]>();
        await using var sut = new CallCoalescer<int, int>(
            async (items, ct) =>
            {
                await Task.Delay(Random.Shared.Next(0, 3), ct);
                return await Doubling(sent)(items, ct);
            },
            size: i => i % 700,
            maxItems: 8,
            maxBytes: 1_000,
            senders: 4);

        var results = await Task.WhenAll(Enumerable.Range(1, 2_000).Select(i => Task.Run(() => sut.CallAsync(i, default)))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Enumerable.Range(1, 2_000).Select(i => i * 2), results);
        var batches = sent.ToArray();
        Assert.Equal(Enumerable.Range(1, 2_000), batches.SelectMany(b => b).Order());
        Assert.All(batches, b => Assert.True(b.Length == 1 || (b.Length <= 8 && b.Sum(i => i % 700) <= 1_000), string.Join(",", b)));
    }

    [Fact]
    public async Task CallerCancelledBeforeItsBatchLeaves_NotSent()
    {
        var sent = new ConcurrentQueue<int[]>();
        var held = new FirstBatchHeld(Doubling(sent));
        await using var sut = new CallCoalescer<int, int>(
            held.SendAsync,
            _ => 1,
            maxItems: 10,
            maxBytes: 100,
            senders: 1);
        using var cancel = new CancellationTokenSource();

        var head = sut.CallAsync(1, default);
        await held.FirstLeft.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var cancelled = sut.CallAsync(2, cancel.Token);
        var kept = sut.CallAsync(3, default);
        await cancel.CancelAsync();
        held.Release.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal((2, 6), (await head, await kept.WaitAsync(TimeSpan.FromSeconds(10))));
        Assert.Equal([[1], [3]], sent.ToArray());
    }

    [Fact]
    public async Task DisposeAsync_QueuedAndInFlightCallsAreStillSent_ThenCallsRefused()
    {
        var sent = new ConcurrentQueue<int[]>();
        var held = new FirstBatchHeld(Doubling(sent));
        var sut = new CallCoalescer<int, int>(
            held.SendAsync,
            _ => 1,
            maxItems: 10,
            maxBytes: 100,
            senders: 1);

        var inFlight = sut.CallAsync(1, default);
        await held.FirstLeft.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var queued = sut.CallAsync(2, default);
        var disposing = sut.DisposeAsync().AsTask();
        held.Release.SetResult();
        await disposing.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((2, 4), (await inFlight, await queued));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => sut.CallAsync(3, default));
        await sut.DisposeAsync(); // twice: no error
    }

    [Fact]
    public async Task Disposed_LaterCallsRefused()
    {
        var sut = new CallCoalescer<int, int>(Doubling(new ConcurrentQueue<int[]>()), _ => 1, maxItems: 10, maxBytes: 100, senders: 2);
        Assert.Equal(2, await sut.CallAsync(1, default));

        await sut.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => sut.CallAsync(2, default));
    }

    [Fact]
    public async Task CallerCancels_OnlyItsWaitEnds()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var sut = new CallCoalescer<int, int>(
            async (items, _) =>
            {
                await gate.Task;
                return [.. items.Select(ItemOutcome<int>.Success)];
            },
            _ => 1,
            maxItems: 10,
            maxBytes: 100,
            senders: 1);
        using var cancel = new CancellationTokenSource();

        var cancelled = sut.CallAsync(1, cancel.Token);
        var other = sut.CallAsync(2, default);
        await cancel.CancelAsync();
        gate.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(2, await other.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static Func<IReadOnlyList<int>, CancellationToken, Task<IReadOnlyList<ItemOutcome<int>>>> Doubling(ConcurrentQueue<int[]> sent) =>
        (items, _) =>
        {
            sent.Enqueue([.. items]);
            return Task.FromResult<IReadOnlyList<ItemOutcome<int>>>([.. items.Select(i => ItemOutcome<int>.Success(i * 2))]);
        };

    /// <summary>A sender whose first batch stays in flight until <see cref="Release"/>, so later calls queue behind it.</summary>
    private sealed class FirstBatchHeld(Func<IReadOnlyList<int>, CancellationToken, Task<IReadOnlyList<ItemOutcome<int>>>> send)
    {
        private int _calls;

        /// <summary>Completed when the first batch has left (and is held).</summary>
        public TaskCompletionSource FirstLeft { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Lets the first batch finish.</summary>
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<IReadOnlyList<ItemOutcome<int>>> SendAsync(IReadOnlyList<int> items, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                FirstLeft.SetResult();
                await Release.Task;
            }

            return await send(items, cancellationToken);
        }
    }
}
