namespace Transactions.Coordinator.Admin.DeadLetters;

/// <summary>
/// Where the console's "dead letters" view reads from (configuration section <c>Admin:ReliableMessage</c>): the
/// reliable-message service's HTTP address and an admin key of that service (read-only is enough). Default: not set,
/// and <c>GET /api/v1/admin/dead-letters</c> answers 404 saying so.
/// </summary>
public sealed class ReliableMessageLinkOptions
{
    /// <summary>The section these options bind from.</summary>
    public const string SectionName = "Admin:ReliableMessage";

    /// <summary>The reliable-message service's HTTP/JSON address, e.g. <c>http://127.0.0.1:5311</c>. Default: none.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>An admin API key of the reliable-message service (sent as X-Api-Key). Default: none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long to wait for it. Default 5 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
