using Transactions.ReliableMessage.Protocol.V1;

namespace Transactions.ReliableMessage.IntegrationTests.Infrastructure;

/// <summary>Reads a message's status from a service.</summary>
public static class MessageStatusProbe
{
    public static async Task<GetMessageResponse> GetAsync(this ServiceProcess service, long messageId) =>
        await service.Client.GetMessageAsync(new GetMessageRequest { MessageId = messageId });

    public static async Task<DeliveryInfo?> DeliveryAsync(this ServiceProcess service, long messageId, string group) =>
        (await service.GetAsync(messageId)).Deliveries.FirstOrDefault(d => d.ConsumerGroup == group);

    public static async Task<bool> AcknowledgedByAsync(this ServiceProcess service, long messageId, params string[] groups)
    {
        var message = await service.GetAsync(messageId);
        return message.Status == MessageStatus.Published
            && groups.All(g => message.Deliveries.Any(d => d.ConsumerGroup == g && d.Status == DeliveryStatus.Acknowledged));
    }
}
