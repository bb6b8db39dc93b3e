namespace Transactions.ReliableMessage.Storage;

/// <summary>Input of <see cref="IMessageStore.CommitAsync"/> and <see cref="IMessageStore.RollbackAsync"/>.</summary>
/// <param name="MessageId">The message.</param>
/// <param name="NowUnixMs">Current time.</param>
/// <param name="AllowParked">Whether a parked message may make the transition too (producers and administrators: yes).</param>
/// <param name="LeaseOwner">Commit: the instance that publishes it next. Ignored by Rollback.</param>
/// <param name="LeaseExpiresUnixMs">Commit: until when <paramref name="LeaseOwner"/> owns it.</param>
/// <param name="Reason">Rollback: why (kept as the message's last error).</param>
public sealed record MessageTransition(
    long MessageId,
    long NowUnixMs,
    bool AllowParked = true,
    string? LeaseOwner = null,
    long? LeaseExpiresUnixMs = null,
    string? Reason = null);
