using Microsoft.Extensions.Options;
using Transactions.Admin.Security;
using Transactions.ReliableMessage.Errors;
using Transactions.ReliableMessage.Storage;

namespace Transactions.ReliableMessage.Service.Security;

/// <summary>
/// Authentication and ownership rules of the producer/consumer API, the same on gRPC and HTTP. A key names an
/// application (<see cref="MessageApplication"/>); that application may prepare only as its producer groups and to
/// its publish topics, commit, roll back and read only messages of its producer groups, and subscribe and acknowledge
/// only as its consumer groups (subscribing only to its subscribe topics). A caller without a key (allowed only
/// while <see cref="MessageApiSecurityOptions.RequireApplicationKeys"/> is false) may use every producer and consumer
/// group that no application lists. With no application configured nothing is checked and nothing is read. The
/// back-check and push endpoints callers give must be allowed by the endpoint lists (<see cref="EnsureEndpointAllowed"/>).
/// </summary>
public sealed class MessageApiAccess
{
    private const string Any = "*";
    private readonly (MessageApplication Application, byte[] Digest)[] _applications;
    private readonly HashSet<string> _claimedProducerGroups;
    private readonly HashSet<string> _claimedConsumerGroups;
    private readonly bool _requireKeys;
    private readonly EndpointPolicyLists _endpoints;
    private readonly IMessageStore _store;

    /// <summary>Creates the rules from validated options.</summary>
    /// <param name="options">The security options.</param>
    /// <param name="store">The message store (to find a message's producer group).</param>
    public MessageApiAccess(IOptions<MessageApiSecurityOptions> options, IMessageStore store)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _applications = settings.Applications.Select(a => (a, ApiKeyHash.Digest(a.KeyHash))).ToArray();
        _claimedProducerGroups = settings.Applications.SelectMany(a => a.ProducerGroups).Where(g => g != Any).ToHashSet(StringComparer.Ordinal);
        _claimedConsumerGroups = settings.Applications.SelectMany(a => a.ConsumerGroups).Where(g => g != Any).ToHashSet(StringComparer.Ordinal);
        _requireKeys = settings.RequireApplicationKeys;
        _endpoints = new EndpointPolicyLists(settings.AllowedEndpoints, settings.Applications.Select(a => (a.ApplicationId, a.AllowedEndpoints)));
        _store = store;
    }

    /// <summary>Whether any application is configured (when not, every check passes at once).</summary>
    public bool Enabled => _applications.Length > 0;

    /// <summary>The application whose key was presented, or null for a caller without a key (when that is allowed).</summary>
    /// <param name="presentedKey">The <c>x-rm-app-key</c> header's value, or null.</param>
    /// <returns>The caller.</returns>
    /// <exception cref="MessageApiAccessException">No key while keys are required, or an unknown key.</exception>
    public MessageApplication? Authenticate(string? presentedKey)
    {
        if (string.IsNullOrEmpty(presentedKey))
        {
            return _requireKeys
                ? throw new MessageApiAccessException(true, $"This service requires an application key: send it in the '{MessageApiSecurityOptions.KeyHeader}' header (producer and consumer SDKs: ApplicationKey).")
                : null;
        }

        return (_applications.Length == 0 ? null : ApiKeyHash.FindMatch(presentedKey, _applications))
            ?? throw new MessageApiAccessException(true, $"The application key in '{MessageApiSecurityOptions.KeyHeader}' is not known to this service (Security:Applications).");
    }

    /// <summary>Throws unless <paramref name="caller"/> may prepare a message of <paramref name="producerGroup"/> on <paramref name="topic"/>.</summary>
    public void EnsureCanPrepare(MessageApplication? caller, string? producerGroup, string? topic)
    {
        if (!Enabled)
        {
            return;
        }

        EnsureProducerGroup(caller, producerGroup ?? string.Empty);
        if (caller is not null && !Allows(caller.PublishTopics, topic))
        {
            throw Denied(caller, $"may not publish to topic '{topic}'");
        }
    }

    /// <summary>Throws unless <paramref name="caller"/> may commit, roll back or read message <paramref name="messageId"/>; an unknown id passes (the engine answers NotFound).</summary>
    public async Task EnsureCanUseMessageAsync(MessageApplication? caller, long messageId, CancellationToken cancellationToken)
    {
        if (!Enabled || messageId <= 0)
        {
            return;
        }

        var message = await _store.FindAsync(messageId, cancellationToken).ConfigureAwait(false);
        if (message is not null)
        {
            EnsureProducerGroup(caller, message.ProducerGroup, messageId);
        }
    }

    /// <summary>
    /// Throws unless <paramref name="caller"/> may notify parties outside the system: an application needs
    /// <see cref="MessageApplication.MayNotify"/>; a caller without a key may while keys are not required (as for
    /// unclaimed groups). The URL is checked separately (<see cref="EnsureEndpointAllowed"/>).
    /// </summary>
    public void EnsureCanNotify(MessageApplication? caller)
    {
        if (caller is not null && !caller.MayNotify)
        {
            throw Denied(caller, "may not send notifications (Security:Applications:N:MayNotify)");
        }
    }

    /// <summary>Throws unless <paramref name="caller"/> may act as consumer group <paramref name="consumerGroup"/> (acknowledge for it).</summary>
    public void EnsureCanActAsConsumerGroup(MessageApplication? caller, string? consumerGroup)
    {
        var group = consumerGroup ?? string.Empty;
        if (!Enabled)
        {
            return;
        }

        if (caller is null)
        {
            if (_claimedConsumerGroups.Contains(group))
            {
                throw new MessageApiAccessException(false, $"Consumer group '{group}' belongs to an application with a key: present it in the '{MessageApiSecurityOptions.KeyHeader}' header.");
            }
        }
        else if (!Allows(caller.ConsumerGroups, group))
        {
            throw Denied(caller, $"may not act as consumer group '{group}'");
        }
    }

    /// <summary>Throws unless <paramref name="caller"/> may subscribe <paramref name="consumerGroup"/> to every one of <paramref name="topics"/>.</summary>
    public void EnsureCanSubscribe(MessageApplication? caller, string? consumerGroup, IEnumerable<string> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        EnsureCanActAsConsumerGroup(caller, consumerGroup);
        if (caller is not null && topics.FirstOrDefault(t => !Allows(caller.SubscribeTopics, t)) is { } refused)
        {
            throw Denied(caller, $"may not subscribe to topic '{refused}'");
        }
    }

    /// <summary>
    /// Throws InvalidArgument naming <paramref name="field"/> when <paramref name="caller"/> may not have the service call
    /// <paramref name="endpoint"/> (its own <see cref="MessageApplication.AllowedEndpoints"/>, else
    /// <see cref="MessageApiSecurityOptions.AllowedEndpoints"/>). Null, empty or not an absolute URL passes: the engine
    /// validates the shape.
    /// </summary>
    public void EnsureEndpointAllowed(MessageApplication? caller, string field, string? endpoint)
    {
        if (_endpoints.Refusal(caller?.ApplicationId, endpoint) is { } refusal)
        {
            throw new InvalidMessageRequestException(field, refusal);
        }
    }

    private void EnsureProducerGroup(MessageApplication? caller, string group, long? messageId = null)
    {
        var what = messageId is { } id ? $"message {id} of producer group '{group}'" : $"producer group '{group}'";
        if (caller is null)
        {
            if (_claimedProducerGroups.Contains(group))
            {
                throw new MessageApiAccessException(false, $"The {what} belongs to an application with a key: present it in the '{MessageApiSecurityOptions.KeyHeader}' header.");
            }
        }
        else if (!Allows(caller.ProducerGroups, group))
        {
            throw Denied(caller, $"may not use {what}");
        }
    }

    private static bool Allows(IList<string> allowed, string? value) =>
        allowed.Any(a => a == Any || string.Equals(a, value, StringComparison.Ordinal));

    private static MessageApiAccessException Denied(MessageApplication caller, string what) =>
        new(false, $"Application '{caller.ApplicationId}' {what} (Security:Applications).");
}
