namespace Transactions.Scheduling.Alerts;

/// <summary>One operator-alert webhook (<c>Jobs:Alerts:Webhooks:N</c>).</summary>
public sealed class AlertWebhookOptions
{
    /// <summary>A name for logs and the dashboard, unique in the list, e.g. <c>pager</c>. Required.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Where the alert is POSTed (http or https). Required.</summary>
    public Uri? Url { get; set; }

    /// <summary>The shared secret the body is signed with (at least 16 characters). Required.</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>
    /// The events it receives, e.g. <c>transaction.needs-attention</c>, <c>message.parked</c>,
    /// <c>message.dead-lettered</c>. Default: empty, every event of the service.
    /// </summary>
    public IList<string> Events { get; set; } = [];
}
