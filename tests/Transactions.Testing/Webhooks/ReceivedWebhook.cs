namespace Transactions.Testing.Webhooks;

/// <summary>One POST a <see cref="WebhookReceiver"/> got.</summary>
/// <param name="Path">The request path.</param>
/// <param name="Headers">The request headers (names case-insensitive).</param>
/// <param name="ContentType">The content type.</param>
/// <param name="Body">The exact body bytes.</param>
/// <param name="At">When it arrived.</param>
public sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, string? ContentType, byte[] Body, DateTimeOffset At)
{
    /// <summary>A header's value, or null when it was not sent.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The value.</returns>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
