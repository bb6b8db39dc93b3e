using Microsoft.EntityFrameworkCore;
using Transactions.Common.Audit;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Notifications;
using Transactions.ReliableMessage.Storage.Model;
using Transactions.Storage;

namespace Transactions.ReliableMessage.Storage;

/// <summary>
/// The reliable-message service's tables: messages, deliveries, subscriptions, history, worker id leases, the admin audit log and best-effort notifications.
/// One model for every provider; each provider has its own migrations assembly (see <see cref="MessageStorageDefaults"/>).
/// Used through a pooled <see cref="IDbContextFactory{TContext}"/>: short-lived, so keep no state here.
/// </summary>
public sealed class MessageDbContext(DbContextOptions<MessageDbContext> options) : DbContext(options), IWorkerLeaseContext<WorkerLease>
{
    /// <summary><c>rm_messages</c>.</summary>
    public DbSet<StoredMessage> Messages => Set<StoredMessage>();

    /// <summary><c>rm_deliveries</c>.</summary>
    public DbSet<MessageDelivery> Deliveries => Set<MessageDelivery>();

    /// <summary><c>rm_subscriptions</c>.</summary>
    public DbSet<TopicSubscription> Subscriptions => Set<TopicSubscription>();

    /// <summary><c>rm_message_events</c>.</summary>
    public DbSet<MessageEvent> Events => Set<MessageEvent>();

    /// <summary><c>rm_worker_leases</c>.</summary>
    public DbSet<WorkerLease> WorkerLeases => Set<WorkerLease>();

    /// <summary><c>rm_notifications</c>.</summary>
    public DbSet<Notification> Notifications => Set<Notification>();

    /// <summary><c>rm_admin_audit</c>.</summary>
    public DbSet<AuditRecord> AuditLog => Set<AuditRecord>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfiguration(new StoredMessageConfiguration());
        modelBuilder.ApplyConfiguration(new MessageDeliveryConfiguration());
        modelBuilder.ApplyConfiguration(new TopicSubscriptionConfiguration());
        modelBuilder.ApplyConfiguration(new MessageEventConfiguration());
        modelBuilder.ApplyConfiguration(new WorkerLeaseConfiguration());
        modelBuilder.ApplyConfiguration(new AuditRecordConfiguration());
        modelBuilder.ApplyConfiguration(new NotificationConfiguration());
    }
}
