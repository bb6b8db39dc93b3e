namespace Transactions.ReliableMessage.Notifications;

/// <summary>
/// Durable state of best-effort notifications (<c>rm_notifications</c>). Like <c>IMessageStore</c>: conditional writes,
/// work claimed in batches with a lease (owner + expiry) so several instances share it and a crashed instance's
/// leases expire. All times are Unix milliseconds.
/// </summary>
public interface INotificationStore
{
    /// <summary>
    /// Inserts <paramref name="notification"/> (Pending). When one with the same (ApplicationId, IdempotencyKey)
    /// exists, nothing is written and that one is returned with Created false.
    /// </summary>
    Task<(Notification Notification, bool Created)> CreateAsync(Notification notification, CancellationToken cancellationToken);

    /// <summary>The notification, or null.</summary>
    Task<Notification?> FindAsync(long notificationId, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="maxCount"/> Pending notifications due at <paramref name="nowUnixMs"/> whose lease is
    /// free or expired, to <paramref name="owner"/> until <paramref name="leaseExpiresUnixMs"/>, oldest due first.
    /// </summary>
    Task<IReadOnlyList<Notification>> ClaimDueAsync(string owner, long nowUnixMs, long leaseExpiresUnixMs, int maxCount, CancellationToken cancellationToken);

    /// <summary>Applies one attempt's outcome and ends the lease; false (nothing written) when the owner lost the lease or the row is not Pending.</summary>
    Task<bool> SaveAttemptAsync(NotificationAttempt attempt, CancellationToken cancellationToken);

    /// <summary>Failed -> Pending, due at once, with a fresh schedule. Returns the state after (null when there is no such notification); repeatable.</summary>
    Task<Notification?> RetryAsync(long notificationId, long nowUnixMs, CancellationToken cancellationToken);

    /// <summary>Notifications matching <paramref name="query"/>, newest first, without their bodies.</summary>
    Task<IReadOnlyList<Notification>> ListAsync(NotificationQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes at most <paramref name="maxCount"/> acknowledged notifications last changed before
    /// <paramref name="beforeUnixMs"/> (the retention job). Pending and failed ones stay whatever their age. Returns how many.
    /// </summary>
    Task<int> DeleteAcknowledgedAsync(long beforeUnixMs, int maxCount, CancellationToken cancellationToken);

    /// <summary>Ends the leases of Pending rows held by earlier runs of this instance (owner starting with <paramref name="ownerPrefix"/>, not <paramref name="currentOwner"/>). Returns how many.</summary>
    Task<int> ReleaseEarlierRunsLeasesAsync(string ownerPrefix, string currentOwner, long nowUnixMs, CancellationToken cancellationToken);
}
