using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Engine;
using S = Transactions.Coordinator.Storage.Model.CoordinatorSchema.Globals;

namespace Transactions.Coordinator.Storage.Model;

/// <summary>Mapping of <see cref="GlobalTransaction"/> to <c>tx_global_transactions</c>.</summary>
internal sealed class GlobalTransactionConfiguration : IEntityTypeConfiguration<GlobalTransaction>
{
    /// <summary>Name of the shadow property behind <see cref="CoordinatorSchema.Globals.ApplicationKey"/>.</summary>
    public const string ApplicationKeyProperty = "ApplicationKey";

    public void Configure(EntityTypeBuilder<GlobalTransaction> builder)
    {
        builder.ToTable(S.Table);
        builder.HasKey(g => g.Xid).HasName("pk_tx_global_transactions");
        builder.Property(g => g.Xid).HasColumnName(S.Xid).ValueGeneratedNever();
        builder.Property(g => g.Kind).HasColumnName(S.Kind).HasConversion<int>();
        builder.Property(g => g.Name).HasColumnName(S.Name).HasMaxLength(RequestLimits.Name).IsRequired();
        builder.Property(g => g.ApplicationId).HasColumnName(S.ApplicationId).HasMaxLength(RequestLimits.Key);
        builder.Property<string>(ApplicationKeyProperty).HasColumnName(S.ApplicationKey).HasMaxLength(RequestLimits.Key).IsRequired();
        builder.Property(g => g.IdempotencyKey).HasColumnName(S.IdempotencyKey).HasMaxLength(RequestLimits.Key);
        builder.Property(g => g.Status).HasColumnName(S.Status).HasConversion<int>();
        builder.Property(g => g.TimeoutMs).HasColumnName(S.TimeoutMs);
        builder.Property(g => g.CreatedUnixMs).HasColumnName(S.CreatedUnixMs);
        builder.Property(g => g.UpdatedUnixMs).HasColumnName(S.UpdatedUnixMs);
        builder.Property(g => g.DeadlineUnixMs).HasColumnName(S.DeadlineUnixMs);
        builder.Property(g => g.CompletedUnixMs).HasColumnName(S.CompletedUnixMs);
        builder.Property(g => g.BranchCount).HasColumnName(S.BranchCount);
        builder.Property(g => g.RollbackReason).HasColumnName(S.RollbackReason).HasMaxLength(RequestLimits.Reason);
        builder.Property(g => g.Phase2Attempts).HasColumnName(S.Phase2Attempts);
        builder.Property(g => g.NextAttemptUnixMs).HasColumnName(S.NextAttemptUnixMs);
        builder.Property(g => g.LastError).HasColumnName(S.LastError).HasMaxLength(RequestLimits.Error);
        builder.Property(g => g.NeedsAttention).HasColumnName(S.NeedsAttention);
        builder.Property(g => g.LeaseOwner).HasColumnName(S.LeaseOwner).HasMaxLength(CoordinatorSchema.Lengths.Owner);
        builder.Property(g => g.LeaseExpiresUnixMs).HasColumnName(S.LeaseExpiresUnixMs);

        // Idempotent Begin: one key per application. application_key is never null, so the pair is
        // unique on every provider (a nullable column would let PostgreSQL and SQLite accept duplicates
        // for callers without an application id). Rows without a key are left out of the index.
        builder.HasIndex([ApplicationKeyProperty, nameof(GlobalTransaction.IdempotencyKey)], S.IdempotencyIndex)
            .IsUnique()
            .HasFilter($"{S.IdempotencyKey} IS NOT NULL");

        // Recovery: due phase-2 work is (status IN (Committing, RollingBack) AND next_attempt <= now).
        builder.HasIndex([nameof(GlobalTransaction.Status), nameof(GlobalTransaction.NextAttemptUnixMs)], S.RecoveryIndex);

        // Recovery: expired Active transactions. Partial, so finished transactions (the bulk of the table)
        // are not in it and leave it on their Active -> decision update.
        builder.HasIndex([nameof(GlobalTransaction.DeadlineUnixMs)], S.ActiveDeadlineIndex)
            .HasFilter($"{S.Status} = {(int)GlobalStatus.Active}");
    }
}
