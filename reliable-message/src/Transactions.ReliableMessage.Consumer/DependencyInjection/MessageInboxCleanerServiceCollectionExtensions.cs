using Microsoft.EntityFrameworkCore;
using Transactions.Common.Cleanup;
using Transactions.ReliableMessage.Consumer.Inbox;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the cleaner of the consumer's de-duplication inbox.</summary>
public static class MessageInboxCleanerServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="MessageInboxCleaner{TContext}"/> as a hosted service (also resolvable as itself and as an
    /// <see cref="IRowCleaner"/>, for Hangfire) and <see cref="MessageInboxCleanerOptions"/>, validated on start (the
    /// safety rule: a retention shorter than the service's redelivery window plus the transport's lag plus a day is
    /// refused). Bind the options from <see cref="MessageInboxCleanerOptions.SectionName"/> with
    /// <c>services.Configure&lt;MessageInboxCleanerOptions&gt;(configuration.GetSection(...))</c> or pass
    /// <paramref name="configure"/>. Safe to call twice.
    /// </summary>
    /// <typeparam name="TContext">The consumer's DbContext (registered, with <c>AddMessageInbox()</c> in its model).</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="configure">Optional settings.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddMessageInboxCleaner<TContext>(this IServiceCollection services, Action<MessageInboxCleanerOptions>? configure = null)
        where TContext : DbContext
        => RowCleanerRegistration.AddRowCleaner<MessageInboxCleaner<TContext>, MessageInboxCleanerOptions>(services, configure);
}
