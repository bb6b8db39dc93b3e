using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using Transactions.Grpc;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Options;
using Transactions.ReliableMessage.Protocol.V1;

namespace Transactions.ReliableMessage.BackCheck;

/// <summary>
/// Calls <c>reliablemessage.v1.ProducerCheck/Check</c> at the message's check endpoint through a Polly pipeline
/// (timeout <see cref="ReliableMessageOptions.CheckTimeout"/>). Longer-term retries are the back-check schedule's.
/// One channel per endpoint, reused.
/// </summary>
public sealed class GrpcProducerChecker : IProducerChecker, IDisposable
{
    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);
    private readonly ResiliencePipeline _pipeline;

    /// <summary>Creates the checker.</summary>
    public GrpcProducerChecker(IOptions<ReliableMessageOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddTimeout(options.Value.CheckTimeout)
            .Build();
    }

    /// <inheritdoc />
    public async Task<bool> ShouldCommitAsync(StoredMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var endpoint = message.CheckEndpoint ?? throw new ProducerCheckException("The message has no check endpoint.");
        var channel = _channels.GetOrAdd(endpoint, static e => GrpcChannel.ForAddress(e));
        var request = new CheckRequest
        {
            MessageId = message.MessageId,
            ProducerGroup = message.ProducerGroup,
            Topic = message.Topic,
            Key = message.Key ?? string.Empty,
        };
        CheckResponse response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                static (state, ct) => new ValueTask<CheckResponse>(state.channel.UnaryAsync(ProducerCheckMethods.Check, state.request, new CallOptions(CancellationToken: ct))),
                (channel, request),
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new ProducerCheckException($"The back-check at {endpoint} timed out.", ex);
        }
        catch (RpcException ex)
        {
            throw new ProducerCheckException($"The back-check at {endpoint} failed: {ex.StatusCode}: {ex.Status.Detail}", ex);
        }

        return response.Decision switch
        {
            CheckDecision.Commit => true,
            CheckDecision.Rollback => false,
            _ => throw new ProducerCheckException($"The back-check at {endpoint} answered {response.Decision}."),
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        _channels.Clear();
    }
}
