using Transactions.Common.Cleanup;

namespace Transactions.ReliableMessage.Consumer.Inbox;

/// <summary>
/// Settings of <see cref="MessageInboxCleaner{TContext}"/> (<c>services.AddMessageInboxCleaner&lt;TContext&gt;()</c>),
/// bound from <c>ReliableMessage:Consumer:InboxCleaner</c> by convention and validated on start.
/// </summary>
/// <remarks>
/// SAFETY RULE: an inbox row may be deleted only when no delivery can still bring its message again: without the
/// row, a redelivery runs the handler a second time. A copy of a message can arrive until the service's redelivery
/// window has passed (<see cref="ServiceRedeliverySettings.Window"/>) and the copy has waited in the transport at
/// most <see cref="MaxDeliveryLag"/>; the validator refuses a retention shorter than both plus
/// <see cref="MinimumMargin"/>. An administrator's requeue of a dead letter starts a new schedule at any later time:
/// do not requeue a dead letter older than the retention to a consumer that may have processed it (its handler would
/// run again); check the consumer's business data first.
/// </remarks>
public sealed class MessageInboxCleanerOptions : RowCleanerOptions
{
    /// <summary>Configuration section by convention.</summary>
    public const string SectionName = "ReliableMessage:Consumer:InboxCleaner";

    /// <summary>Default <see cref="Retention"/>: 14 days.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(14);

    /// <summary>Default <see cref="MaxDeliveryLag"/>: 7 days (Kafka's default topic retention, <c>log.retention.hours=168</c>).</summary>
    public static readonly TimeSpan DefaultMaxDeliveryLag = TimeSpan.FromDays(7);

    /// <summary>The least a retention must exceed the redelivery window plus the lag by: 1 day (clock skew, outages).</summary>
    public static readonly TimeSpan MinimumMargin = TimeSpan.FromDays(1);

    /// <summary>
    /// How old an inbox row must be, by its <c>processed_unix_ms</c>, before it is deleted. Default 14 days; at most
    /// 3,650 days, and at least <see cref="Service"/>'s window + <see cref="MaxDeliveryLag"/> + <see cref="MinimumMargin"/>
    /// (8 days 1 h 48 min 32.5 s with the defaults).
    /// </summary>
    public override TimeSpan Retention { get; set; } = DefaultRetention;

    /// <summary>
    /// The longest a copy of a message may wait in the transport before this consumer reads it. Kafka: the retention
    /// of the topic and of this group's retry topic (default 7 days): the SDK consumes from the earliest offset when
    /// its group has none (a new group, or committed offsets that expired), so it may read again anything the topics
    /// still hold. Push: the service's <c>PushTimeout</c> is enough. Default 7 days; between 0 and 3,650 days.
    /// </summary>
    public TimeSpan MaxDeliveryLag { get; set; } = DefaultMaxDeliveryLag;

    /// <summary>The service's redelivery settings (defaults: the service's defaults). Set them when the service's differ.</summary>
    public ServiceRedeliverySettings Service { get; set; } = new();

    /// <summary>The shortest <see cref="Retention"/> the validator accepts with the current settings.</summary>
    /// <returns><see cref="ServiceRedeliverySettings.Window"/> + <see cref="MaxDeliveryLag"/> + <see cref="MinimumMargin"/>.</returns>
    public override TimeSpan MinimumRetention() => Service.Window() + MaxDeliveryLag + MinimumMargin;

    /// <inheritdoc />
    protected override string UnsafeBecause =>
        "a redelivery could still bring those messages, and without their inbox rows the handlers would run again.";

    /// <inheritdoc />
    protected override string ExplainMinimumRetention() =>
        $"the service's redelivery window ({Service.Window()}) plus MaxDeliveryLag ({MaxDeliveryLag}) plus the {MinimumMargin.TotalDays:0}-day margin";

    /// <inheritdoc />
    protected override void ValidateOwn(ICollection<string> failures, string prefix)
    {
        if (MaxDeliveryLag < TimeSpan.Zero || MaxDeliveryLag > TimeSpan.FromDays(3650))
        {
            failures.Add($"{prefix}.MaxDeliveryLag must be between 0 and 3650 days (was {MaxDeliveryLag}).");
        }

        if (Service is null)
        {
            failures.Add($"{prefix}.Service must be set.");
            return;
        }

        Service.Validate(failures, prefix + ".Service");
    }
}
