using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Transactions.Locking;

/// <summary>
/// The database lease lock (<see cref="IDistributedLock"/>) on SQLite or PostgreSQL. One row per resource holds the
/// owner, the lease end and the fencing token; acquiring is one atomic upsert that takes a free or expired row and
/// increments its token. A watchdog renews each held lease every <see cref="DistributedLockOptions.RenewInterval"/>.
/// Lease times come from the injected <see cref="TimeProvider"/> (application time, not database time). Register it as
/// a singleton (<c>services.AddDistributedLock(...)</c>); disposing it stops every watchdog without releasing (the leases
/// then expire, as if the process had died).
/// </summary>
public sealed class DistributedLock : IDistributedLock, IAsyncDisposable
{
    private readonly AsyncLocal<LockFlowNode?> _flow = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly LockRuntime _runtime;
    private readonly ResiliencePipeline<AcquireAttempt> _pollPipeline;
    private readonly string _ownerId;
    private int _disposed;

    /// <summary>Creates the lock service.</summary>
    /// <param name="options">Settings; validated here too (also when built with <see cref="Options.Create{TOptions}"/>).</param>
    /// <param name="timeProvider">Clock for lease times and delays; <see langword="null"/> is <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">Logger; <see langword="null"/> logs nothing.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public DistributedLock(IOptions<DistributedLockOptions> options, TimeProvider? timeProvider = null, ILogger<DistributedLock>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        var validation = new DistributedLockOptionsValidator().Validate(Options.DefaultName, settings);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(DistributedLockOptions), validation.Failures);
        }

        var time = timeProvider ?? TimeProvider.System;
        ILogger log = logger ?? (ILogger)NullLogger.Instance;
        _ownerId = settings.OwnerId
            ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}");
        _runtime = new LockRuntime(LockStore.Create(settings), settings, time, log, BuildRenewPipeline(settings, time, log), _shutdown.Token);
        _pollPipeline = BuildPollPipeline(settings, time);
    }

    /// <summary>This process's part of every owner name (<see cref="DistributedLockOptions.OwnerId"/> or the generated one).</summary>
    public string OwnerId => _ownerId;

    /// <inheritdoc />
    public Task<ILockHandle?> TryAcquireAsync(string resource, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        // Not async on purpose: the flow node must be set in the CALLER's execution context, which an async
        // method would restore on return.
        ValidateResource(resource);
        if (wait < TimeSpan.Zero && wait != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(wait), wait, "The wait must be zero, positive or Timeout.InfiniteTimeSpan.");
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var current = _flow.Value;
        if (LockFlowNode.FindHeld(current, resource) is { } held)
        {
            var holdCount = held.TryEnter();
            if (holdCount > 0)
            {
                _runtime.Logger.Reentered(held.Resource, held.Owner, holdCount, held.FencingToken);
                return Task.FromResult<ILockHandle?>(new LockHandle(held));
            }
        }

        var parent = LockFlowNode.SkipFinished(current);
        var node = new LockFlowNode(resource, parent?.FlowId ?? Guid.NewGuid().ToString("N")[..16], parent);
        _flow.Value = node;
        return AcquireCoreAsync(node, wait, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ILockHandle> AcquireAsync(string resource, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        // Not async for the same reason as TryAcquireAsync.
        var attempt = TryAcquireAsync(resource, wait, cancellationToken);
        return RequireAsync(attempt, resource, wait, cancellationToken);
    }

    /// <summary>Reads the current row of <paramref name="resource"/> (diagnostics and tests).</summary>
    internal Task<LockRow?> ReadAsync(string resource, CancellationToken cancellationToken = default) =>
        _runtime.Store.ReadAsync(resource, cancellationToken);

    /// <summary>Stops every watchdog (leases are left to expire) and closes the connection pool.</summary>
    /// <returns>A task that completes when the pool is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _shutdown.CancelAsync();
        await _runtime.Store.DisposeAsync();
    }

    private async Task<ILockHandle?> AcquireCoreAsync(LockFlowNode node, TimeSpan wait, CancellationToken cancellationToken)
    {
        var owner = $"{_ownerId}/{node.FlowId}";
        try
        {
            await _runtime.Store.EnsureSchemaAsync(cancellationToken);
            var state = new AcquireState(this, node.Resource, owner, wait, _runtime.Time.GetTimestamp());
            var attempt = await _pollPipeline.ExecuteAsync(
                static async (s, ct) => await s.Lock.AttemptAsync(s, ct),
                state,
                cancellationToken);
            if (attempt.Token is not { } token)
            {
                node.Finish();
                _runtime.Logger.NotAcquired(node.Resource, owner, (long)wait.TotalMilliseconds);
                return null;
            }

            var lease = new LockLease(_runtime, node, owner, token, attempt.ExpiresAtUnixMs);
            lease.StartWatchdog();
            _runtime.Logger.Acquired(node.Resource, owner, token, attempt.ExpiresAtUnixMs);
            return new LockHandle(lease);
        }
        catch
        {
            node.Finish();
            throw;
        }
    }

    private async Task<AcquireAttempt> AttemptAsync(AcquireState state, CancellationToken cancellationToken)
    {
        var now = _runtime.NowUnixMs;
        var expires = now + _runtime.LeaseMs;
        var token = await _runtime.Store.TryAcquireAsync(state.Resource, state.Owner, now, expires, cancellationToken);
        var remaining = state.Wait == Timeout.InfiniteTimeSpan
            ? TimeSpan.MaxValue
            : state.Wait - _runtime.Time.GetElapsedTime(state.StartTimestamp);
        return new AcquireAttempt(token, expires, remaining);
    }

    private async Task<ILockHandle> RequireAsync(Task<ILockHandle?> attempt, string resource, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (await attempt is { } handle)
        {
            return handle;
        }

        string? holder = null;
        try
        {
            var row = await _runtime.Store.ReadAsync(resource, cancellationToken);
            holder = row?.Owner;
        }
        catch (DbException)
        {
            // The holder is only informative.
        }

        throw new LockNotAcquiredException(resource, wait, holder);
    }

    private static void ValidateResource(string resource)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        if (resource.Length > DistributedLockDefaults.MaxResourceLength)
        {
            throw new ArgumentException($"The resource name must be at most {DistributedLockDefaults.MaxResourceLength} characters (was {resource.Length}).", nameof(resource));
        }
    }

    private static ResiliencePipeline<AcquireAttempt> BuildPollPipeline(DistributedLockOptions options, TimeProvider time)
    {
        var first = options.RetryDelay;
        var cap = first > DistributedLockDefaults.MaxRetryDelay ? first : DistributedLockDefaults.MaxRetryDelay;
        return new ResiliencePipelineBuilder<AcquireAttempt> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<AcquireAttempt>
            {
                // Only "held by someone else, time left" is retried; database errors surface to the caller.
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is null && args.Outcome.Result is { Token: null, Remaining.Ticks: > 0 }),
                MaxRetryAttempts = int.MaxValue,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    PollDelay(first, cap, args.AttemptNumber, args.Outcome.Result.Remaining)),
            })
            .Build();
    }

    private static ResiliencePipeline BuildRenewPipeline(DistributedLockOptions options, TimeProvider time, ILogger logger)
    {
        var cap = options.RenewInterval < DistributedLockDefaults.MaxRetryDelay ? options.RenewInterval : DistributedLockDefaults.MaxRetryDelay;
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                // Retried until the lease ends: the watchdog's token is cancelled then (LockLost).
                ShouldHandle = new PredicateBuilder().Handle<DbException>().Handle<TimeoutException>(),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay < cap ? options.RetryDelay : cap,
                MaxDelay = cap,
                OnRetry = args =>
                {
                    if (args.Context.Properties.TryGetValue(LockRuntime.LeaseKey, out var lease))
                    {
                        logger.RenewFailed(args.Outcome.Exception, lease.Resource, lease.Owner, args.AttemptNumber + 1);
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Exponential from <paramref name="first"/> up to <paramref name="cap"/>, +/-20% jitter, never past the wait's end.</summary>
    internal static TimeSpan PollDelay(TimeSpan first, TimeSpan cap, int attemptNumber, TimeSpan remaining)
    {
        var exponent = Math.Min(attemptNumber, 16);
        var baseTicks = Math.Min(first.Ticks * (1L << exponent), cap.Ticks);
#pragma warning disable CA5394 // Jitter, not security.
        var jittered = (long)(baseTicks * (0.8 + (0.4 * Random.Shared.NextDouble())));
#pragma warning restore CA5394
        var delay = TimeSpan.FromTicks(Math.Max(1, jittered));
        return remaining < delay ? (remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero) : delay;
    }

    private sealed record AcquireState(DistributedLock Lock, string Resource, string Owner, TimeSpan Wait, long StartTimestamp);

    private readonly record struct AcquireAttempt(long? Token, long ExpiresAtUnixMs, TimeSpan Remaining);
}
