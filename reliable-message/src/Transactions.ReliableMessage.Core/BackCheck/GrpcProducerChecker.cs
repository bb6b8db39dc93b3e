using Grpc.Core;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using Transactions.ReliableMessage.Channels;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Options;
using Transactions.ReliableMessage.Protocol.V1;

namespace Transactions.ReliableMessage.BackCheck;

/// <summary>
/// Calls <c>reliablemessage.v1.ProducerCheck/Check</c> at the message's check endpoint through a Polly pipeline
/// (timeout <see cref="ReliableMessageOptions.CheckTimeout"/>). Longer-term retries are the back-check schedule's.
/// One channel per endpoint, reused; all of them share one HTTP handler, disposed with the checker.
/// </summary>
public sealed class GrpcProducerChecker : IProducerChecker, IDisposable
{
    private readonly GrpcEndpointChannels _channels = new();
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
        var client = new ProducerCheck.ProducerCheckClient(_channels.Get(endpoint));
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
                static (state, ct) => new ValueTask<CheckResponse>(state.client.CheckAsync(state.request, cancellationToken: ct).ResponseAsync),
                (client, request),
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
    public void Dispose() => _channels.Dispose();
}
