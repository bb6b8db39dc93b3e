using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Transactions.ReliableMessage.Consumer;

/// <summary>
/// Sends acknowledgements in batches (whatever accumulated while the previous call was in flight, up to
/// <see cref="ReliableMessageConsumerOptions.AckBatchSize"/>) through a Polly retry pipeline. An ack that still
/// fails is dropped: the service redelivers the message and the inbox turns it into a fresh ack.
/// </summary>
public sealed partial class AckSender : BackgroundService
{
    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceAcknowledger _acknowledger;
    private readonly ReliableMessageConsumerOptions _options;
    private readonly ILogger<AckSender> _logger;
    private readonly ResiliencePipeline _pipeline;
    private long _sent;

    /// <summary>Creates the sender.</summary>
    public AckSender(IServiceAcknowledger acknowledger, IOptions<ReliableMessageConsumerOptions> options, TimeProvider timeProvider, ILogger<AckSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _acknowledger = acknowledger;
        _options = options.Value;
        _logger = logger;
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (_options.AckRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _options.AckRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.AckRetryDelay,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
            });
        }

        _pipeline = builder.Build();
    }

    /// <summary>Acknowledgements sent successfully so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Acknowledgements waiting to be sent.</summary>
    public int Pending => _queue.Reader.Count;

    /// <summary>Queues acknowledgements.</summary>
    public void Enqueue(IReadOnlyList<long> messageIds)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        foreach (var id in messageIds)
        {
            _queue.Writer.TryWrite(id);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var group = _options.ConsumerGroup!;
        var batch = new List<long>(_options.AckBatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < _options.AckBatchSize && _queue.Reader.TryRead(out var id))
                {
                    batch.Add(id);
                }

                await SendAsync(group, batch, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Shutting down: one last, short attempt for what is still queued (the service would redeliver it anyway).
        batch.Clear();
        while (batch.Count < _options.AckBatchSize && _queue.Reader.TryRead(out var id))
        {
            batch.Add(id);
        }

        using var flush = new CancellationTokenSource(_options.CallTimeout);
        await SendAsync(group, batch, flush.Token).ConfigureAwait(false);
    }

    private async Task SendAsync(string group, List<long> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            var ids = batch.ToArray();
            await _pipeline.ExecuteAsync(
                async ct => await _acknowledger.AckAsync(group, ids, ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _sent, ids.Length);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogAckFailed(_logger, batch.Count, group, ex);
        }
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "Acknowledging {Count} message(s) of consumer group {ConsumerGroup} failed after retries; the service will redeliver them")]
    private static partial void LogAckFailed(ILogger logger, int count, string consumerGroup, Exception exception);
}
