using System.Data.Common;
using Microsoft.Extensions.Logging;
using Polly;

namespace Transactions.Locking;

/// <summary>
/// One fresh acquisition held by one flow: its fencing token, its hold count (re-entries), its watchdog and the
/// <see cref="LockLost"/> signal. The lost signal is a cancellation timer armed at the lease end and pushed back
/// by every successful renewal, so it fires even when the watchdog cannot run or the database hangs.
/// </summary>
internal sealed class LockLease
{
    private readonly Lock _gate = new();
    private readonly LockRuntime _runtime;
    private readonly LockFlowNode _node;
    private readonly CancellationTokenSource _lost;
    private readonly CancellationTokenSource _stopWatchdog;
    private Task _watchdog = Task.CompletedTask;
    private int _holdCount = 1;
    private bool _released;
    private long _expiresAtUnixMs;
    private string? _lostReason;

    public LockLease(LockRuntime runtime, LockFlowNode node, string owner, long fencingToken, long expiresAtUnixMs)
    {
        _runtime = runtime;
        _node = node;
        Resource = node.Resource;
        Owner = owner;
        FencingToken = fencingToken;
        _expiresAtUnixMs = expiresAtUnixMs;
        var remaining = TimeSpan.FromMilliseconds(Math.Max(0, expiresAtUnixMs - runtime.NowUnixMs));
        _lost = new CancellationTokenSource(remaining, runtime.Time);
        LockLost = _lost.Token;
        LockLost.Register(static state => ((LockLease)state!).OnLost(), this);
        _stopWatchdog = CancellationTokenSource.CreateLinkedTokenSource(runtime.Shutdown, LockLost);
    }

    public string Resource { get; }

    public string Owner { get; }

    public long FencingToken { get; }

    public CancellationToken LockLost { get; }

    /// <summary>When the lease ends as last written (Unix ms).</summary>
    public long ExpiresAtUnixMs => Interlocked.Read(ref _expiresAtUnixMs);

    /// <summary>Held: neither released nor lost. Only a held lease can be re-entered.</summary>
    public bool IsHeld
    {
        get
        {
            lock (_gate)
            {
                return !_released && !LockLost.IsCancellationRequested;
            }
        }
    }

    /// <summary>Current hold count (1 plus the live re-entries).</summary>
    public int HoldCount
    {
        get
        {
            lock (_gate)
            {
                return _holdCount;
            }
        }
    }

    /// <summary>Starts the watchdog; its first delay is registered before this returns.</summary>
    public void StartWatchdog()
    {
        _node.Acquired(this);
        _watchdog = RunWatchdogAsync(_stopWatchdog.Token);
    }

    /// <summary>A nested acquire of the same flow: hold count + 1.</summary>
    /// <returns>The new hold count, or 0 when the lease is no longer held.</returns>
    public int TryEnter()
    {
        lock (_gate)
        {
            if (_released || LockLost.IsCancellationRequested)
            {
                return 0;
            }

            return ++_holdCount;
        }
    }

    /// <summary>A handle was disposed: hold count - 1; the last one releases the row.</summary>
    public async ValueTask ExitAsync()
    {
        lock (_gate)
        {
            if (--_holdCount > 0)
            {
                return;
            }

            _released = true;
        }

        _node.Finish();
        await _stopWatchdog.CancelAsync();
        await _watchdog;
        _stopWatchdog.Dispose();
        _lost.Dispose();
        if (_runtime.Shutdown.IsCancellationRequested)
        {
            return;
        }

        try
        {
            if (await _runtime.Store.ReleaseAsync(Resource, Owner, FencingToken, CancellationToken.None))
            {
                _runtime.Logger.Released(Resource, Owner, FencingToken);
            }
            else
            {
                _runtime.Logger.ReleaseFoundOtherOwner(Resource, Owner, FencingToken);
            }
        }
        catch (Exception e) when (e is DbException or TimeoutException or InvalidOperationException)
        {
            _runtime.Logger.ReleaseFailed(e, Resource, Owner, FencingToken);
        }
    }

    private async Task RunWatchdogAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_runtime.Options.RenewInterval, _runtime.Time, stop);
                var renewed = await RenewAsync(stop);
                if (renewed is not null)
                {
                    MarkLost(renewed);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Released, lost (the timer fired at the lease end) or the lock service was disposed.
        }
        catch (Exception e)
        {
            _runtime.Logger.WatchdogFailed(e, Resource, Owner);
            MarkLost("the watchdog failed");
        }
    }

    /// <returns><see langword="null"/> when renewed, else why the lease is lost.</returns>
    private async Task<string?> RenewAsync(CancellationToken stop)
    {
        var context = ResilienceContextPool.Shared.Get(stop);
        context.Properties.Set(LockRuntime.LeaseKey, this);
        try
        {
            return await _runtime.RenewPipeline.ExecuteAsync(
                static async (context, lease) =>
                {
                    var runtime = lease._runtime;
                    var now = runtime.NowUnixMs;
                    if (now >= lease.ExpiresAtUnixMs)
                    {
                        return "the lease expired before it could be renewed";
                    }

                    var expires = now + runtime.LeaseMs;
                    if (!await runtime.Store.RenewAsync(lease.Resource, lease.Owner, lease.FencingToken, now, expires, context.CancellationToken))
                    {
                        return "the lease had expired or was taken by another owner";
                    }

                    lease.Renewed(now, expires);
                    return null;
                },
                context,
                this);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private void Renewed(long nowUnixMs, long expiresAtUnixMs)
    {
        lock (_gate)
        {
            if (_released || LockLost.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Exchange(ref _expiresAtUnixMs, expiresAtUnixMs);
            _lost.CancelAfter(TimeSpan.FromMilliseconds(expiresAtUnixMs - nowUnixMs));
        }

        _runtime.Logger.Renewed(Resource, Owner, expiresAtUnixMs);
    }

    private void MarkLost(string reason)
    {
        lock (_gate)
        {
            if (_released || LockLost.IsCancellationRequested)
            {
                return;
            }
        }

        _lostReason = reason;
        _lost.Cancel();
    }

    private void OnLost()
    {
        lock (_gate)
        {
            if (_released)
            {
                return;
            }
        }

        _runtime.Logger.Lost(Resource, Owner, FencingToken, _lostReason ?? "the lease ended before a renewal succeeded");
    }
}
