using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Engine;
using S = Transactions.Coordinator.Storage.Model.CoordinatorSchema.SagaSteps;

namespace Transactions.Coordinator.Storage.Model;

/// <summary>Mapping of <see cref="SagaStepState"/> to <c>tx_saga_steps</c>, keyed by (xid, ordinal).</summary>
internal sealed class SagaStepStateConfiguration : IEntityTypeConfiguration<SagaStepState>
{
    public void Configure(EntityTypeBuilder<SagaStepState> builder)
    {
        builder.ToTable(S.Table);
        builder.HasKey(s => new { s.Xid, s.Ordinal }).HasName("pk_tx_saga_steps");
        builder.Property(s => s.Xid).HasColumnName(S.Xid).ValueGeneratedNever();
        builder.Property(s => s.Ordinal).HasColumnName(S.Ordinal).ValueGeneratedNever();
        builder.Property(s => s.GroupIndex).HasColumnName(S.GroupIndex);
        builder.Property(s => s.Name).HasColumnName(S.Name).HasMaxLength(RequestLimits.Name).IsRequired();
        builder.Property(s => s.BranchId).HasColumnName(S.BranchId);
        builder.Property(s => s.Status).HasColumnName(S.Status).HasConversion<int>();
        builder.Property(s => s.Attempts).HasColumnName(S.Attempts);
        builder.Property(s => s.CompensationAttempts).HasColumnName(S.CompensationAttempts);
        builder.Property(s => s.Output).HasColumnName(S.Output);
        builder.Property(s => s.LastError).HasColumnName(S.LastError).HasMaxLength(RequestLimits.Error);
        builder.Property(s => s.NextRetryUnixMs).HasColumnName(S.NextRetryUnixMs);
        builder.Property(s => s.StartedUnixMs).HasColumnName(S.StartedUnixMs);
        builder.Property(s => s.FinishedUnixMs).HasColumnName(S.FinishedUnixMs);
        builder.Property(s => s.UpdatedUnixMs).HasColumnName(S.UpdatedUnixMs);
        builder.HasOne<GlobalTransaction>()
            .WithMany()
            .HasForeignKey(s => s.Xid)
            .HasConstraintName("fk_tx_saga_steps_tx_global_transactions_xid")
            .OnDelete(DeleteBehavior.Cascade);
    }
}
