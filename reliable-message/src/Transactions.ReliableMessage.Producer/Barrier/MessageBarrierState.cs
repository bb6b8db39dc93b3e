namespace Transactions.ReliableMessage.Producer.Barrier;

/// <summary>What a barrier row says. Values are stored: never renumber.</summary>
public enum MessageBarrierState
{
    /// <summary>Written by the producer's local transaction: it committed.</summary>
    Committed = 1,

    /// <summary>Written by a back-check that found no barrier: the local transaction can no longer commit.</summary>
    RolledBack = 2,
}
