using Transactions.ReliableMessage.Domain;

namespace Transactions.ReliableMessage.Storage;

/// <summary>Result of a status transition.</summary>
/// <param name="Found">False when no message has the id.</param>
/// <param name="Status">The status after the call (the status found when nothing changed).</param>
/// <param name="Changed">True when this call made the transition.</param>
/// <param name="Message">The message after the change (with payload) when <paramref name="Changed"/>; otherwise null.</param>
public sealed record TransitionOutcome(bool Found, MessageStatus Status, bool Changed, StoredMessage? Message)
{
    /// <summary>No such message.</summary>
    public static TransitionOutcome NotFound { get; } = new(false, default, false, null);
}
