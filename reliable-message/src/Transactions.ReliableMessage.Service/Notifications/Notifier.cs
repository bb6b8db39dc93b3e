using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Transactions.Common.Ids;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Errors;
using Transactions.ReliableMessage.Notifications;
using Transactions.ReliableMessage.Service.Security;

namespace Transactions.ReliableMessage.Service.Notifications;

/// <summary>
/// Best-effort notifications as callers and operators see them, the same on gRPC and HTTP: Notify (validated, checked
/// against the application keys and the endpoint lists, idempotent per application and key), the receiver's read
/// (by query token, or by the notifying application's key), and the admin list and retry. The POSTs are made by
/// <see cref="NotificationDispatcher"/>.
/// </summary>
public sealed partial class Notifier(
    INotificationStore store,
    MessageApiAccess access,
    IIdGenerator ids,
    IOptions<NotificationOptions> options,
    IOptions<MessageApiSecurityOptions> security,
    TimeProvider timeProvider,
    ILogger<Notifier> logger)
{
    /// <summary>Most characters of an idempotency key.</summary>
    public const int MaxKeyLength = 128;

    /// <summary>Most characters of a URL.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>Most characters of a Content-Type.</summary>
    public const int MaxContentTypeLength = 128;

    private readonly NotificationOptions _options = options.Value;
    private readonly Dictionary<string, string> _secrets = security.Value.Applications
        .Where(a => !string.IsNullOrEmpty(a.NotificationSecret))
        .ToDictionary(a => a.ApplicationId, a => a.NotificationSecret!, StringComparer.Ordinal);

    /// <summary>Creates the notification, or returns the one <paramref name="caller"/> created with the same key (Created false).</summary>
    /// <exception cref="ReliableMessageException">Refused: InvalidArgument naming the field, PermissionDenied, FailedPrecondition.</exception>
    public async Task<(Notification Notification, bool Created)> NotifyAsync(MessageApplication? caller, NotifyCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!_options.Enabled)
        {
            throw new MessageStateException(0, "Disabled", "Notifications are turned off on this service (Notifications:Enabled).");
        }

        access.EnsureCanNotify(caller);
        var key = ValidKey(command.Key);
        var url = ValidUrl(command.Url);
        access.EnsureEndpointAllowed(caller, "url", url);
        if (command.Body.Length > _options.MaxBodyBytes)
        {
            throw new InvalidMessageRequestException("body", $"has {command.Body.Length} bytes; at most {_options.MaxBodyBytes} are allowed (Notifications:MaxBodyBytes).");
        }

        var contentType = ValidContentType(command.ContentType);
        var applicationId = caller?.ApplicationId ?? string.Empty;
        if (SecretFor(applicationId) is null)
        {
            throw new MessageStateException(0, "NoSecret", $"No secret to sign notifications of {(caller is null ? "callers without a key" : $"application '{applicationId}'")}: set Security:Applications:N:NotificationSecret or Notifications:SigningSecret.");
        }

        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var (notification, created) = await store.CreateAsync(
            new Notification
            {
                NotificationId = ids.NextId(),
                ApplicationId = applicationId,
                IdempotencyKey = key,
                Url = url,
                Body = command.Body.ToArray(),
                ContentType = contentType,
                QueryToken = Base64Url(RandomNumberGenerator.GetBytes(32)),
                Status = NotificationStatus.Pending,
                NextAttemptUnixMs = now,
                CreatedUnixMs = now,
                UpdatedUnixMs = now,
            },
            cancellationToken).ConfigureAwait(false);
        if (created)
        {
            LogCreated(logger, notification.NotificationId, applicationId, url);
        }

        return (notification, created);
    }

    /// <summary>
    /// The notification for a caller presenting its <paramref name="queryToken"/> (the receiver), or, without a token,
    /// for the application whose key <paramref name="presentedKey"/> is and that created it. NotFound otherwise, whether
    /// the id exists or not.
    /// </summary>
    public async Task<Notification> GetAsync(long notificationId, string? queryToken, string? presentedKey, CancellationToken cancellationToken)
    {
        MessageApplication? caller = null;
        if (string.IsNullOrEmpty(queryToken))
        {
            // Without a token only the notifying application may read it: its key is required.
            caller = access.Authenticate(presentedKey) ?? throw new MessageApiAccessException(
                true, $"Present the notification's query token in '{NotificationHeaders.QueryToken}', or the notifying application's key in '{MessageApiSecurityOptions.KeyHeader}'.");
        }

        var notification = notificationId > 0 ? await store.FindAsync(notificationId, cancellationToken).ConfigureAwait(false) : null;
        var allowed = notification is not null && (caller is null
            ? CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(queryToken!), Encoding.UTF8.GetBytes(notification.QueryToken))
            : string.Equals(caller.ApplicationId, notification.ApplicationId, StringComparison.Ordinal));
        return allowed ? notification! : throw new NotificationNotFoundException(notificationId);
    }

    /// <summary>Admin listing, newest first, without bodies.</summary>
    public Task<IReadOnlyList<Notification>> ListAsync(NotificationQuery query, CancellationToken cancellationToken) =>
        store.ListAsync(query, cancellationToken);

    /// <summary>Failed -> Pending, due now, with a fresh schedule; a Pending one stays as it is (a repeat); an acknowledged one is refused.</summary>
    public async Task<Notification> RetryAsync(long notificationId, CancellationToken cancellationToken)
    {
        var after = await store.RetryAsync(notificationId, timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false)
            ?? throw new NotificationNotFoundException(notificationId);
        return after.Status == NotificationStatus.Acknowledged
            ? throw new MessageStateException(notificationId, after.Status.ToString(), $"Notification {notificationId} was acknowledged by its receiver: there is nothing to retry.")
            : after;
    }

    /// <summary>The secret that signs <paramref name="applicationId"/>'s notifications: its own, else <see cref="NotificationOptions.SigningSecret"/>; null when there is none.</summary>
    public string? SecretFor(string applicationId) =>
        _secrets.TryGetValue(applicationId, out var own) ? own : string.IsNullOrEmpty(_options.SigningSecret) ? null : _options.SigningSecret;

    private static string ValidKey(string? key) =>
        string.IsNullOrWhiteSpace(key) ? throw new InvalidMessageRequestException("key", "is required: the idempotency key of this notification (a repeat with the same key returns the same notification).")
        : key.Length > MaxKeyLength ? throw new InvalidMessageRequestException("key", $"has {key.Length} characters; at most {MaxKeyLength} are allowed.")
        : key.Any(char.IsControl) ? throw new InvalidMessageRequestException("key", "must not contain control characters.")
        : key;

    private static string ValidUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new InvalidMessageRequestException("url", "is required: the receiver's absolute http:// or https:// URL.");
        }

        if (url.Length > MaxUrlLength)
        {
            throw new InvalidMessageRequestException("url", $"has {url.Length} characters; at most {MaxUrlLength} are allowed.");
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && string.IsNullOrEmpty(uri.UserInfo) && !string.IsNullOrEmpty(uri.Host)
            ? url
            : throw new InvalidMessageRequestException("url", $"'{Shorten(url)}' is not an absolute http:// or https:// URL (without user info).");
    }

    private static string ValidContentType(string? contentType) =>
        string.IsNullOrEmpty(contentType) ? NotificationDefaults.ContentType
        : contentType.Length <= MaxContentTypeLength && MediaTypeHeaderValue.TryParse(contentType, out _) && !contentType.Any(char.IsControl) ? contentType
        : throw new InvalidMessageRequestException("content_type", $"must be a media type such as application/json, at most {MaxContentTypeLength} characters.");

    private static string Shorten(string value) => value.Length > 100 ? value[..100] + "..." : value;

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Notification {NotificationId} of '{ApplicationId}' to {Url} created")]
    private static partial void LogCreated(ILogger logger, long notificationId, string applicationId, string url);
}
