using Microsoft.EntityFrameworkCore;
using Transactions.Common.Audit;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Storage.Model;
using Transactions.Storage;

namespace Transactions.Coordinator.Storage;

/// <summary>
/// The coordinator's tables: global transactions, branches, history, sagas and worker id leases. One model for
/// every provider; each provider has its own migrations assembly (see <see cref="CoordinatorStorageDefaults"/>).
/// Used through a pooled <see cref="IDbContextFactory{TContext}"/>: short-lived, so keep no state here.
/// </summary>
public sealed class CoordinatorDbContext(DbContextOptions<CoordinatorDbContext> options) : DbContext(options), IWorkerLeaseContext<WorkerLease>
{
    /// <summary><c>tx_global_transactions</c>.</summary>
    public DbSet<GlobalTransaction> GlobalTransactions => Set<GlobalTransaction>();

    /// <summary><c>tx_branches</c>.</summary>
    public DbSet<BranchTransaction> Branches => Set<BranchTransaction>();

    /// <summary><c>tx_events</c>.</summary>
    public DbSet<TransactionEvent> Events => Set<TransactionEvent>();

    /// <summary><c>tx_sagas</c>.</summary>
    public DbSet<SagaRecord> Sagas => Set<SagaRecord>();

    /// <summary><c>tx_saga_steps</c>.</summary>
    public DbSet<SagaStepState> SagaSteps => Set<SagaStepState>();

    /// <summary><c>tx_worker_leases</c>.</summary>
    public DbSet<WorkerLease> WorkerLeases => Set<WorkerLease>();

    /// <summary><c>tx_admin_audit</c>: the admin actions.</summary>
    public DbSet<AuditRecord> AdminAudit => Set<AuditRecord>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfiguration(new GlobalTransactionConfiguration());
        modelBuilder.ApplyConfiguration(new BranchTransactionConfiguration());
        modelBuilder.ApplyConfiguration(new TransactionEventConfiguration());
        modelBuilder.ApplyConfiguration(new WorkerLeaseConfiguration());
        modelBuilder.ApplyConfiguration(new SagaRecordConfiguration());
        modelBuilder.ApplyConfiguration(new SagaStepStateConfiguration());
        modelBuilder.ApplyConfiguration(new AuditRecordConfiguration());
    }
}
