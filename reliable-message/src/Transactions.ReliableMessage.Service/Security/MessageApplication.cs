namespace Transactions.ReliableMessage.Service.Security;

/// <summary>
/// One application allowed on the producer/consumer API (<c>Security:Applications:N</c>): its key's hash and what it
/// may do. In every list, <c>*</c> allows any value; an empty list allows nothing.
/// </summary>
public sealed class MessageApplication
{
    /// <summary>The application's name, e.g. <c>order-service</c> (for logs and errors). Required, unique, at most 128 characters.</summary>
    public string ApplicationId { get; set; } = string.Empty;

    /// <summary>
    /// The hash of the application's key, <c>sha256:&lt;64 hex digits&gt;</c> (print it with
    /// <c>dotnet Transactions.Coordinator.dll hash-api-key &lt;key&gt;</c>, the same format as admin keys); the key itself is never configured. Required, unique.
    /// </summary>
    public string KeyHash { get; set; } = string.Empty;

    /// <summary>Producer groups it prepares messages as; it may commit, roll back and read only messages of these groups.</summary>
    public IList<string> ProducerGroups { get; } = [];

    /// <summary>Topics it may publish to (Prepare).</summary>
    public IList<string> PublishTopics { get; } = [];

    /// <summary>Consumer groups it acts as: subscribes and acknowledges for them.</summary>
    public IList<string> ConsumerGroups { get; } = [];

    /// <summary>Topics its consumer groups may subscribe to.</summary>
    public IList<string> SubscribeTopics { get; } = [];

    /// <summary>
    /// The back-check and push endpoints it may give the service to call (see <c>EndpointAllowList</c> for the entry
    /// forms). Default: empty, meaning <see cref="MessageApiSecurityOptions.AllowedEndpoints"/> applies.
    /// </summary>
    public IList<string> AllowedEndpoints { get; } = [];

    /// <summary>
    /// Whether it may ask the service to notify parties outside the system (<c>Notify</c>: POST a body to a URL it gives,
    /// retried for up to the whole retry schedule). A permission of its own, not implied by any group or topic: it makes
    /// the service call URLs outside the system, which producing and consuming never do. The URLs are checked against
    /// <see cref="AllowedEndpoints"/> (else <see cref="MessageApiSecurityOptions.AllowedEndpoints"/>). Default: false.
    /// </summary>
    public bool MayNotify { get; set; }

    /// <summary>
    /// The secret its notifications are signed with (HMAC-SHA256; receivers verify with it), at least 16 characters.
    /// Default: none, meaning <c>Notifications:SigningSecret</c>. Keep it out of files: an environment variable or a
    /// secret store.
    /// </summary>
    public string? NotificationSecret { get; set; }
}
