using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Storage.Model;

namespace Transactions.ReliableMessage.Storage;

/// <summary>
/// <see cref="IMessageStore"/> on EF Core (SQLite, PostgreSQL, SQL Server). Every call uses its own short-lived
/// pooled context; reads are not tracked; state changes are conditional updates whose affected-row count decides,
/// and every multi-statement change runs in one local transaction.
/// </summary>
/// <remarks>
/// PostgreSQL takes shortcuts that save round trips on the hot paths (<c>UPDATE ... RETURNING</c> on commit, one
/// <c>FOR UPDATE SKIP LOCKED</c> statement per claim, <c>INSERT ... ON CONFLICT DO NOTHING</c> from arrays).
/// SQLite and SQL Server run the portable path, which the SQLite compliance tests cover.
/// </remarks>
public sealed partial class EfMessageStore : IMessageStore
{
    private const int Prepared = (int)MessageStatus.Prepared;
    private const int Committed = (int)MessageStatus.Committed;
    private const int Parked = (int)MessageStatus.Parked;
    private const int Pending = (int)DeliveryStatus.Pending;
    private const int Delivered = (int)DeliveryStatus.Delivered;

    private readonly IDbContextFactory<MessageDbContext> _contexts;
    private readonly ILogger<EfMessageStore> _logger;
    private readonly bool _postgreSql;

    /// <summary>Creates the store.</summary>
    /// <param name="contextFactory">Factory of contexts configured with <c>UseReliableMessageStorage</c>.</param>
    /// <param name="logger">Logger.</param>
    public EfMessageStore(IDbContextFactory<MessageDbContext> contextFactory, ILogger<EfMessageStore> logger)
    {
        ArgumentNullException.ThrowIfNull(contextFactory);
        ArgumentNullException.ThrowIfNull(logger);
        _contexts = contextFactory;
        _logger = logger;
        using var context = contextFactory.CreateDbContext();
        _postgreSql = context.Database.IsNpgsql();
    }

    /// <summary>
    /// Applies one delivery outcome to a row still pending or delivered (an acknowledgement that arrived meanwhile
    /// wins) and, when <paramref name="owner"/> is given, still leased by it; releases the lease.
    /// </summary>
    private static Task<int> ApplyDeliveryUpdateAsync(MessageDbContext context, DeliveryUpdate u, string? owner, long now, CancellationToken cancellationToken)
    {
        var error = Truncate(u.LastError, RequestLimits.Error);
        var rows = context.Deliveries.Where(d => d.MessageId == u.MessageId && d.ConsumerGroup == u.ConsumerGroup
            && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Delivered));
        if (owner is not null)
        {
            rows = rows.Where(d => d.LeaseOwner == owner);
        }

        return rows.ExecuteUpdateAsync(
            s =>
            {
                s.SetProperty(d => d.Status, u.Status)
                    .SetProperty(d => d.Attempts, u.Attempts)
                    .SetProperty(d => d.NextAttemptUnixMs, u.NextAttemptUnixMs)
                    .SetProperty(d => d.LastError, error)
                    .SetProperty(d => d.LeaseOwner, (string?)null)
                    .SetProperty(d => d.LeaseExpiresUnixMs, (long?)null)
                    .SetProperty(d => d.UpdatedUnixMs, now);
                if (u.DeliveredUnixMs is { } delivered)
                {
                    s.SetProperty(d => d.DeliveredUnixMs, delivered);
                }

                if (u.Status == DeliveryStatus.Acked)
                {
                    s.SetProperty(d => d.AckedUnixMs, now);
                }
            },
            cancellationToken);
    }

    private static void AddEvents(MessageDbContext context, IReadOnlyList<MessageEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            context.Events.Add(Fit(events[i]));
        }
    }

    /// <summary>Cuts free text to its column size: a write that can never succeed would stall the work forever.</summary>
    private static MessageEvent Fit(MessageEvent e)
    {
        e.Detail = Truncate(e.Detail, MessageSchema.Lengths.EventDetail);
        e.Actor = Truncate(e.Actor, MessageSchema.Lengths.Owner) ?? string.Empty;
        return e;
    }

    private static string? Truncate(string? value, int maxLength) =>
        value is not null && value.Length > maxLength ? value[..maxLength] : value;
}
