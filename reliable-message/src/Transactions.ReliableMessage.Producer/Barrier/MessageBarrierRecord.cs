namespace Transactions.ReliableMessage.Producer.Barrier;

/// <summary>A row of the barrier table (<c>rm_message_barrier</c> by default), in the producer's own database.</summary>
public sealed class MessageBarrierRecord
{
    /// <summary>The message (primary key: ids are unique across producers).</summary>
    public long MessageId { get; set; }

    /// <summary>The producer application.</summary>
    public string ProducerGroup { get; set; } = string.Empty;

    /// <summary>What the row says.</summary>
    public MessageBarrierState State { get; set; }

    /// <summary>When it was written (Unix ms).</summary>
    public long CreatedUnixMs { get; set; }
}
