using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Errors;
using Transactions.ReliableMessage.Notifications;
using Transactions.ReliableMessage.Storage;
using Proto = Transactions.ReliableMessage.Protocol.V1;

namespace Transactions.ReliableMessage.Service.Grpc;

/// <summary>Domain values to protocol messages.</summary>
internal static class ProtocolMapping
{
    public static Proto.MessageStatus ToProto(this MessageStatus status) => status switch
    {
        MessageStatus.Prepared => Proto.MessageStatus.Prepared,
        MessageStatus.Committed => Proto.MessageStatus.Committed,
        MessageStatus.Published => Proto.MessageStatus.Published,
        MessageStatus.RolledBack => Proto.MessageStatus.RolledBack,
        MessageStatus.Parked => Proto.MessageStatus.Parked,
        _ => Proto.MessageStatus.Unspecified,
    };

    public static Proto.DeliveryStatus ToProto(this DeliveryStatus status) => status switch
    {
        DeliveryStatus.Pending => Proto.DeliveryStatus.Pending,
        DeliveryStatus.Delivered => Proto.DeliveryStatus.Delivered,
        DeliveryStatus.Acked => Proto.DeliveryStatus.Acknowledged,
        DeliveryStatus.Dead => Proto.DeliveryStatus.Dead,
        DeliveryStatus.Discarded => Proto.DeliveryStatus.Discarded,
        _ => Proto.DeliveryStatus.Unspecified,
    };

    public static Proto.NotificationStatus ToProto(this NotificationStatus status) => status switch
    {
        NotificationStatus.Pending => Proto.NotificationStatus.Pending,
        NotificationStatus.Acknowledged => Proto.NotificationStatus.Acknowledged,
        NotificationStatus.Failed => Proto.NotificationStatus.Failed,
        _ => Proto.NotificationStatus.Unspecified,
    };

    public static NotificationStatus ToDomain(this Proto.NotificationStatus status) => status switch
    {
        Proto.NotificationStatus.Pending => NotificationStatus.Pending,
        Proto.NotificationStatus.Acknowledged => NotificationStatus.Acknowledged,
        Proto.NotificationStatus.Failed => NotificationStatus.Failed,
        _ => throw new InvalidMessageRequestException("status", $"'{status}' is not a notification status."),
    };

    public static Proto.NotificationInfo ToProto(this Notification n, bool withBody) => new()
    {
        NotificationId = n.NotificationId,
        Url = n.Url,
        Status = n.Status.ToProto(),
        Attempts = n.Attempts,
        NextAttemptUnixMs = n.NextAttemptUnixMs ?? 0,
        LastStatusCode = n.LastStatusCode ?? 0,
        LastError = n.LastError ?? string.Empty,
        CreatedUnixMs = n.CreatedUnixMs,
        CompletedUnixMs = n.CompletedUnixMs ?? 0,
        Body = withBody ? Google.Protobuf.ByteString.CopyFrom(n.Body) : Google.Protobuf.ByteString.Empty,
        ContentType = n.ContentType,
        Key = n.IdempotencyKey,
        ApplicationId = n.ApplicationId,
    };

    public static Proto.GetMessageResponse ToProto(this MessageSnapshot snapshot)
    {
        var m = snapshot.Message;
        var response = new Proto.GetMessageResponse
        {
            MessageId = m.MessageId,
            Topic = m.Topic,
            Key = m.Key ?? string.Empty,
            ProducerGroup = m.ProducerGroup,
            Status = m.Status.ToProto(),
            CreatedUnixMs = m.CreatedUnixMs,
            CommittedUnixMs = m.CommittedUnixMs ?? 0,
            CheckAttempts = m.CheckAttempts,
            LastError = m.LastError ?? string.Empty,
        };
        foreach (var d in snapshot.Deliveries)
        {
            response.Deliveries.Add(new Proto.DeliveryInfo
            {
                ConsumerGroup = d.ConsumerGroup,
                Status = d.Status.ToProto(),
                Attempts = d.Attempts,
                NextAttemptUnixMs = d.NextAttemptUnixMs ?? 0,
                DeliveredUnixMs = d.DeliveredUnixMs ?? 0,
                AckedUnixMs = d.AckedUnixMs ?? 0,
                LastError = d.LastError ?? string.Empty,
            });
        }

        return response;
    }
}
