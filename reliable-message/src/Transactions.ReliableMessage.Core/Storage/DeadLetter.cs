namespace Transactions.ReliableMessage.Storage;

/// <summary>A dead delivery as listed for administrators.</summary>
public sealed record DeadLetter(
    long MessageId,
    string Topic,
    string? Key,
    string ConsumerGroup,
    int Attempts,
    long DeadSinceUnixMs,
    string? LastError);
