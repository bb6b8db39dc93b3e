using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Transactions.ReliableMessage.Producer.Barrier;
using Transactions.ReliableMessage.Producer.Batching;
using Transactions.ReliableMessage.Protocol.V1;

namespace Transactions.ReliableMessage.Producer;

/// <summary>
/// <see cref="IReliableMessageProducer"/> over the service's gRPC API, with a Polly retry pipeline for transient
/// failures (a retried Prepare without a producer key may leave an extra prepared message behind: no barrier ever
/// names it, so the back-check rolls it back). With <see cref="ReliableMessageProducerOptions.Batching"/> (the
/// default), concurrent Prepares and Commits leave together as PrepareBatch / CommitBatch calls; each caller still
/// gets its own message's answer or error, as from a single call.
/// </summary>
public sealed partial class ReliableMessageProducer : IReliableMessageProducer, IAsyncDisposable, IDisposable
{
    private readonly ReliableMessageService.ReliableMessageServiceClient _client;
    private readonly ReliableMessageProducerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ReliableMessageProducer> _logger;
    private readonly ResiliencePipeline _pipeline;
    private readonly CallCoalescer<PrepareRequest, PrepareResponse>? _prepares;
    private readonly CallCoalescer<CommitRequest, CommitResponse>? _commits;

    /// <summary>Set once the service answered a batch method Unimplemented (an older service): single calls from then on.</summary>
    private volatile bool _batchUnsupported;

    /// <summary>Creates the producer.</summary>
    /// <param name="client">
    /// Client of the service (<c>AddReliableMessageProducer</c> gives the one registered with the gRPC client factory under
    /// <c>ReliableMessageProducerServiceCollectionExtensions.ServiceClientName</c>).
    /// </param>
    /// <param name="options">The producer's settings.</param>
    /// <param name="timeProvider">The clock of deadlines and retry delays.</param>
    /// <param name="logger">The logger.</param>
    public ReliableMessageProducer(
        ReliableMessageService.ReliableMessageServiceClient client,
        IOptions<ReliableMessageProducerOptions> options,
        TimeProvider timeProvider,
        ILogger<ReliableMessageProducer> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (_options.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _options.Retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryDelay,
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(IsTransient),
            });
        }

        _pipeline = builder.Build();
        if (_options.Batching)
        {
            _prepares = new CallCoalescer<PrepareRequest, PrepareResponse>(
                SendPreparesAsync, static r => r.CalculateSize(), _options.MaxBatchSize, _options.MaxBatchBytes, _options.BatchSenders);
            _commits = new CallCoalescer<CommitRequest, CommitResponse>(
                SendCommitsAsync, static _ => 8, _options.MaxBatchSize, long.MaxValue, _options.BatchSenders);
        }
    }

    private string Group => _options.ProducerGroup!;

    /// <inheritdoc />
    public async Task<long> SendAsync<TContext>(TContext db, MessageToSend message, Func<CancellationToken, Task> localWork, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(localWork);
        if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("SendAsync runs its own local transaction; the context already has one. Use PrepareAsync, WriteBarrierAsync and CommitAsync instead.");
        }

        var messageId = await PrepareAsync(message, cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // The barrier row is written by the same SaveChanges as the business rows (one round trip). A back-check
                // that came first (it waits at least the check delay) wrote "rolled back": this SaveChanges then fails
                // on the key and the local transaction rolls back, so both sides agree.
                MessageBarrier.Add(db, messageId, Group, Now());
                await localWork(cancellationToken).ConfigureAwait(false);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            await TryAsync(() => RollbackAsync(messageId, $"The local transaction failed: {ex.GetType().Name}", CancellationToken.None), messageId, "Rollback").ConfigureAwait(false);
            throw;
        }

        await TryAsync(() => CommitAsync(messageId, cancellationToken), messageId, "Commit").ConfigureAwait(false);
        return messageId;
    }

    /// <inheritdoc />
    public async Task<long> PrepareAsync(MessageToSend message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var request = new PrepareRequest
        {
            Topic = message.Topic,
            Key = message.Key ?? string.Empty,
            Payload = ByteString.CopyFrom(message.Payload.Span),
            ProducerGroup = Group,
            ProducerKey = message.ProducerKey ?? string.Empty,
            CheckEndpoint = _options.CheckEndpoint ?? string.Empty,
        };
        var response = _prepares is { } batched && !_batchUnsupported
            ? await batched.CallAsync(request, cancellationToken).ConfigureAwait(false)
            : await PrepareOneAsync(request, cancellationToken).ConfigureAwait(false);
        return response.MessageId;
    }

    /// <inheritdoc />
    public Task WriteBarrierAsync(DbContext db, long messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The barrier must be written inside the local transaction: begin one on the context first.");
        }

        return MessageBarrier.InsertAsync(db, messageId, Group, MessageBarrierState.Committed, Now(), cancellationToken);
    }

    /// <inheritdoc />
    public Task CommitAsync(long messageId, CancellationToken cancellationToken)
    {
        var request = new CommitRequest { MessageId = messageId };
        return _commits is { } batched && !_batchUnsupported
            ? batched.CallAsync(request, cancellationToken)
            : CommitOneAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _prepares?.Dispose();
        _commits?.Dispose();
    }

    /// <summary>Sends what is queued and in flight (for a few seconds at most), then stops.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_prepares is not null)
        {
            await _prepares.DisposeAsync().ConfigureAwait(false);
        }

        if (_commits is not null)
        {
            await _commits.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task RollbackAsync(long messageId, string? reason, CancellationToken cancellationToken) =>
        CallAsync((client, options) => client.RollbackAsync(new RollbackRequest { MessageId = messageId, Reason = reason ?? string.Empty }, options).ResponseAsync, cancellationToken);

    /// <summary>An item's answer: its response, or its error as the exception the single call would have thrown.</summary>
    private static ItemOutcome<T> Outcome<T>(T? response, ItemError? error)
        where T : class =>
        error is not null ? ItemOutcome<T>.Failure(new RpcException(new Status((StatusCode)error.Code, error.Message)))
        : response is not null ? ItemOutcome<T>.Success(response)
        : ItemOutcome<T>.Failure(new RpcException(new Status(StatusCode.Internal, "The service answered neither a result nor an error for this message.")));

    private static void RequireOneResultPerItem(int results, int items)
    {
        if (results != items)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"The service answered {results} results for {items} messages."));
        }
    }

    private Task<PrepareResponse> PrepareOneAsync(PrepareRequest request, CancellationToken cancellationToken) =>
        CallAsync((client, options) => client.PrepareAsync(request, options).ResponseAsync, cancellationToken);

    private Task<CommitResponse> CommitOneAsync(CommitRequest request, CancellationToken cancellationToken) =>
        CallAsync((client, options) => client.CommitAsync(request, options).ResponseAsync, cancellationToken);

    /// <summary>One PrepareBatch call (retried as a whole on transient failures); one outcome per item, in order.</summary>
    private async Task<IReadOnlyList<ItemOutcome<PrepareResponse>>> SendPreparesAsync(IReadOnlyList<PrepareRequest> items, CancellationToken cancellationToken)
    {
        if (items.Count == 1 || _batchUnsupported)
        {
            return await OneByOneAsync(items, PrepareOneAsync, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var request = new PrepareBatchRequest { Items = { items } };
            var response = await CallAsync((client, options) => client.PrepareBatchAsync(request, options).ResponseAsync, cancellationToken).ConfigureAwait(false);
            RequireOneResultPerItem(response.Results.Count, items.Count);
            return [.. response.Results.Select(r => Outcome(r.Response, r.Error))];
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unimplemented)
        {
            NoteBatchUnsupported();
            return await OneByOneAsync(items, PrepareOneAsync, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One CommitBatch call (retried as a whole on transient failures); one outcome per item, in order.</summary>
    private async Task<IReadOnlyList<ItemOutcome<CommitResponse>>> SendCommitsAsync(IReadOnlyList<CommitRequest> items, CancellationToken cancellationToken)
    {
        if (items.Count == 1 || _batchUnsupported)
        {
            return await OneByOneAsync(items, CommitOneAsync, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var request = new CommitBatchRequest { Items = { items } };
            var response = await CallAsync((client, options) => client.CommitBatchAsync(request, options).ResponseAsync, cancellationToken).ConfigureAwait(false);
            RequireOneResultPerItem(response.Results.Count, items.Count);
            return [.. response.Results.Select(r => Outcome(r.Response, r.Error))];
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unimplemented)
        {
            NoteBatchUnsupported();
            return await OneByOneAsync(items, CommitOneAsync, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Single calls for each item, concurrently (a lone item, or a service without the batch methods).</summary>
    private static async Task<IReadOnlyList<ItemOutcome<TResponse>>> OneByOneAsync<TRequest, TResponse>(
        IReadOnlyList<TRequest> items, Func<TRequest, CancellationToken, Task<TResponse>> call, CancellationToken cancellationToken) =>
        await Task.WhenAll(items.Select(async item =>
        {
            try
            {
                return ItemOutcome<TResponse>.Success(await call(item, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Each item its own outcome: one item's odd failure must not be reported to the others.
                return ItemOutcome<TResponse>.Failure(ex);
            }
        })).ConfigureAwait(false);

    private void NoteBatchUnsupported()
    {
        if (!_batchUnsupported)
        {
            _batchUnsupported = true;
            LogBatchUnsupported(_logger);
        }
    }

    private static bool IsTransient(RpcException ex) =>
        ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.ResourceExhausted or StatusCode.Internal or StatusCode.Unknown;

    private async Task<T> CallAsync<T>(Func<ReliableMessageService.ReliableMessageServiceClient, CallOptions, Task<T>> call, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(
            async ct => await call(_client, new CallOptions(deadline: _timeProvider.GetUtcNow().UtcDateTime + _options.CallTimeout, cancellationToken: ct)).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

    private async Task TryAsync(Func<Task> call, long messageId, string what)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Best effort (the local transaction has decided): whatever went wrong with the call, the back-check
            // reaches the same outcome from the barrier, so the caller is not told the operation failed.
            LogBestEffortFailed(_logger, what, messageId, ex);
        }
    }

    private long Now() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "The reliable-message service has no PrepareBatch/CommitBatch (an older version): sending one message per call")]
    private static partial void LogBatchUnsupported(ILogger logger);

    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "{What} of message {MessageId} failed; the service's back-check will settle it from the barrier")]
    private static partial void LogBestEffortFailed(ILogger logger, string what, long messageId, Exception exception);
}
