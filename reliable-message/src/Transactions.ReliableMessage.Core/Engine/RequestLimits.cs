namespace Transactions.ReliableMessage.Engine;

/// <summary>Size limits of request fields (also documented in the .proto files and the storage schema).</summary>
public static class RequestLimits
{
    /// <summary>Topic name (Kafka allows 249; retry topics add a prefix).</summary>
    public const int Topic = 200;

    /// <summary>Message key.</summary>
    public const int Key = 256;

    /// <summary>Producer and consumer group names, producer keys.</summary>
    public const int Name = 128;

    /// <summary>Check and push endpoint URLs.</summary>
    public const int Endpoint = 1024;

    /// <summary>Rollback and admin reasons, actor names.</summary>
    public const int Reason = 1024;

    /// <summary>Stored error text.</summary>
    public const int Error = 2048;

    /// <summary>Message ids per Ack call.</summary>
    public const int AckBatch = 10_000;

    /// <summary>Items per PrepareBatch or CommitBatch call.</summary>
    public const int SendBatch = 1_000;

    /// <summary>Topics per Subscribe call.</summary>
    public const int Topics = 100;

    /// <summary>Rows per admin list.</summary>
    public const int List = 1_000;
}
