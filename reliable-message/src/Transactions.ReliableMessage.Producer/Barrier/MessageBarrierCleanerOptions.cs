using Transactions.Common.Cleanup;

namespace Transactions.ReliableMessage.Producer.Barrier;

/// <summary>
/// Settings of <see cref="MessageBarrierCleaner{TContext}"/> (<c>services.AddMessageBarrierCleaner&lt;TContext&gt;()</c>),
/// bound from <c>ReliableMessage:Producer:BarrierCleaner</c> by convention and validated on start.
/// </summary>
/// <remarks>
/// SAFETY RULE: a barrier row may be deleted only when no back-check can still need it. A back-check that finds
/// no row writes "rolled back" and answers Rollback, so a check arriving after the "committed" row of a committed
/// local transaction was deleted would roll back a message whose business change committed. Hence: rows go only
/// when older than <see cref="Retention"/>, and the validator refuses a retention shorter than the service's
/// automatic back-check window (<see cref="ServiceBackCheckSettings.Window"/>) plus <see cref="MinimumMargin"/>.
/// A parked message is re-checked only when an administrator asks; the long default retention (30 days) is what
/// keeps such a late re-check right: do not re-check a parked message older than the retention (resolve it by
/// hand from the business data instead).
/// </remarks>
public sealed class MessageBarrierCleanerOptions : RowCleanerOptions
{
    /// <summary>Configuration section by convention.</summary>
    public const string SectionName = "ReliableMessage:Producer:BarrierCleaner";

    /// <summary>Default <see cref="Retention"/>: 30 days.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(30);

    /// <summary>
    /// The least a retention must exceed the service's back-check window by: 1 day (clock skew between producer
    /// and service, a service restart or outage that delays due checks, a slow local transaction).
    /// </summary>
    public static readonly TimeSpan MinimumMargin = TimeSpan.FromDays(1);

    /// <summary>
    /// How old a barrier row (committed or rolled back) must be, by its <c>created_unix_ms</c>, before it is deleted.
    /// Default 30 days; at most 3,650 days, and at least <see cref="Service"/>'s window plus
    /// <see cref="MinimumMargin"/> (1 day 26 min 40 s with the service's defaults).
    /// </summary>
    public override TimeSpan Retention { get; set; } = DefaultRetention;

    /// <summary>The service's back-check settings (defaults: the service's defaults). Set them when the service's differ.</summary>
    public ServiceBackCheckSettings Service { get; set; } = new();

    /// <summary>The shortest <see cref="Retention"/> the validator accepts with the current <see cref="Service"/> settings.</summary>
    /// <returns><see cref="ServiceBackCheckSettings.Window"/> plus <see cref="MinimumMargin"/>.</returns>
    public override TimeSpan MinimumRetention() => Service.Window() + MinimumMargin;

    /// <inheritdoc />
    protected override string UnsafeBecause =>
        "a back-check could still need those barrier rows, and one that finds none answers Rollback for a committed local transaction.";

    /// <inheritdoc />
    protected override string ExplainMinimumRetention() =>
        $"the service's back-check window ({Service.Window()}) plus the {MinimumMargin.TotalDays:0}-day margin";

    /// <inheritdoc />
    protected override void ValidateOwn(ICollection<string> failures, string prefix)
    {
        if (Service is null)
        {
            failures.Add($"{prefix}.Service must be set.");
            return;
        }

        Service.Validate(failures, prefix + ".Service");
    }
}
