using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Transactions.ReliableMessage.Protocol.V1;

namespace Transactions.ReliableMessage.Consumer;

/// <summary>
/// <see cref="IServiceAcknowledger"/> over the service's gRPC API, through the gRPC client factory client named
/// <see cref="ReliableMessageConsumerServiceCollectionExtensions.ServiceClientName"/> (registered by <c>AddReliableMessageConsumer</c>).
/// </summary>
public sealed class GrpcServiceAcknowledger(GrpcClientFactory clients, IOptions<ReliableMessageConsumerOptions> options, TimeProvider timeProvider) : IServiceAcknowledger
{
    private readonly ReliableMessageService.ReliableMessageServiceClient _client =
        clients.CreateClient<ReliableMessageService.ReliableMessageServiceClient>(ReliableMessageConsumerServiceCollectionExtensions.ServiceClientName);

    /// <inheritdoc />
    public async Task AckAsync(string consumerGroup, IReadOnlyList<long> messageIds, CancellationToken cancellationToken)
    {
        var request = new AckRequest { ConsumerGroup = consumerGroup };
        request.MessageIds.AddRange(messageIds);
        await _client.AckAsync(request, Options(cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<string?> SubscribeAsync(string consumerGroup, IReadOnlyCollection<string> topics, string? pushEndpoint, CancellationToken cancellationToken)
    {
        var request = new SubscribeRequest { ConsumerGroup = consumerGroup, PushEndpoint = pushEndpoint ?? string.Empty };
        request.Topics.AddRange(topics);
        var response = await _client.SubscribeAsync(request, Options(cancellationToken)).ConfigureAwait(false);
        return string.IsNullOrEmpty(response.RetryTopic) ? null : response.RetryTopic;
    }

    private CallOptions Options(CancellationToken cancellationToken) =>
        new(deadline: timeProvider.GetUtcNow().UtcDateTime + options.Value.CallTimeout, cancellationToken: cancellationToken);
}
