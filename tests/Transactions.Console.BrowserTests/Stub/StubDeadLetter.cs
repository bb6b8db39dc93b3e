namespace Transactions.Console.BrowserTests.Stub;

/// <summary>A dead letter of the reliable-message service, as the coordinator's admin API relays it.</summary>
public sealed record StubDeadLetter(string MessageId, string Topic, string? Key, string ConsumerGroup, int Attempts, long DeadSinceUnixMs, string? LastError)
{
    /// <summary>The JSON the API answers.</summary>
    public object ToJson() => new
    {
        messageId = MessageId,
        topic = Topic,
        key = Key,
        consumerGroup = ConsumerGroup,
        attempts = Attempts,
        deadSinceUnixMs = DeadSinceUnixMs,
        lastError = LastError,
    };
}
