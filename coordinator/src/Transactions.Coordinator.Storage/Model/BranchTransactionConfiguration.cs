using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Engine;
using S = Transactions.Coordinator.Storage.Model.CoordinatorSchema.Branches;

namespace Transactions.Coordinator.Storage.Model;

/// <summary>Mapping of <see cref="BranchTransaction"/> to <c>tx_branches</c>.</summary>
internal sealed class BranchTransactionConfiguration : IEntityTypeConfiguration<BranchTransaction>
{
    public void Configure(EntityTypeBuilder<BranchTransaction> builder)
    {
        builder.ToTable(S.Table);
        builder.HasKey(b => b.BranchId).HasName("pk_tx_branches");
        builder.Property(b => b.BranchId).HasColumnName(S.BranchId).ValueGeneratedNever();
        builder.Property(b => b.Xid).HasColumnName(S.Xid);
        builder.Property(b => b.Ordinal).HasColumnName(S.Ordinal);
        builder.Property(b => b.ResourceId).HasColumnName(S.ResourceId).HasMaxLength(RequestLimits.Resource).IsRequired();
        builder.Property(b => b.ActionName).HasColumnName(S.ActionName).HasMaxLength(RequestLimits.Resource).IsRequired();
        builder.Property(b => b.BranchType).HasColumnName(S.BranchType).HasConversion<int>();
        builder.Property(b => b.Endpoint).HasColumnName(S.Endpoint).HasMaxLength(RequestLimits.Endpoint).IsRequired();
        builder.Property(b => b.Protocol).HasColumnName(S.Protocol).HasConversion<int>();
        // Unbounded text (the protocol allows 64 KiB): text / TEXT / nvarchar(max).
        builder.Property(b => b.ActionContext).HasColumnName(S.ActionContext);
        builder.Property(b => b.Status).HasColumnName(S.Status).HasConversion<int>();
        builder.Property(b => b.Attempts).HasColumnName(S.Attempts);
        builder.Property(b => b.LastError).HasColumnName(S.LastError).HasMaxLength(RequestLimits.Error);
        builder.Property(b => b.NextRetryUnixMs).HasColumnName(S.NextRetryUnixMs);
        builder.Property(b => b.CreatedUnixMs).HasColumnName(S.CreatedUnixMs);
        builder.Property(b => b.UpdatedUnixMs).HasColumnName(S.UpdatedUnixMs);
        builder.Property(b => b.IdempotencyKey).HasColumnName(S.IdempotencyKey).HasMaxLength(RequestLimits.Key);

        builder.HasIndex(b => new { b.Xid, b.Ordinal }, S.OrdinalIndex).IsUnique();

        // Idempotent RegisterBranch: one branch per key within a global transaction; rows without a key are left out.
        builder.HasIndex(b => new { b.Xid, b.IdempotencyKey }, S.IdempotencyIndex)
            .IsUnique()
            .HasFilter($"{S.IdempotencyKey} IS NOT NULL");
        builder.HasOne<GlobalTransaction>()
            .WithMany()
            .HasForeignKey(b => b.Xid)
            .HasConstraintName("fk_tx_branches_tx_global_transactions_xid")
            .OnDelete(DeleteBehavior.Cascade);
    }
}
