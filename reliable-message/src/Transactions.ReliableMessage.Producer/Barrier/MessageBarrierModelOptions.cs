namespace Transactions.ReliableMessage.Producer.Barrier;

/// <summary>Where the barrier table goes in the producer's model.</summary>
public sealed class MessageBarrierModelOptions
{
    /// <summary>Table name. Default: <c>rm_message_barrier</c>.</summary>
    public string TableName { get; set; } = "rm_message_barrier";

    /// <summary>Schema; null for the context's default. Default: null.</summary>
    public string? Schema { get; set; }
}
