using Microsoft.EntityFrameworkCore;
using Transactions.Common.Cleanup;
using Transactions.ReliableMessage.Producer.Barrier;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the cleaner of the producer's message barrier.</summary>
public static class MessageBarrierCleanerServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="MessageBarrierCleaner{TContext}"/> as a hosted service (also resolvable as itself and as an
    /// <see cref="IRowCleaner"/>, for Hangfire) and <see cref="MessageBarrierCleanerOptions"/>, validated on start
    /// (the safety rule: a retention shorter than the service's back-check window plus a day is refused). Bind the
    /// options from <see cref="MessageBarrierCleanerOptions.SectionName"/> with
    /// <c>services.Configure&lt;MessageBarrierCleanerOptions&gt;(configuration.GetSection(...))</c> or pass
    /// <paramref name="configure"/>. Safe to call twice.
    /// </summary>
    /// <typeparam name="TContext">The producer's DbContext (registered, with <c>AddMessageBarrier()</c> in its model).</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="configure">Optional settings.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddMessageBarrierCleaner<TContext>(this IServiceCollection services, Action<MessageBarrierCleanerOptions>? configure = null)
        where TContext : DbContext
        => RowCleanerRegistration.AddRowCleaner<MessageBarrierCleaner<TContext>, MessageBarrierCleanerOptions>(services, configure);
}
