using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using S = Transactions.Coordinator.Storage.Model.CoordinatorSchema.WorkerLeases;

namespace Transactions.Coordinator.Storage.Model;

/// <summary>Mapping of <see cref="WorkerLease"/> to <c>tx_worker_leases</c>.</summary>
internal sealed class WorkerLeaseConfiguration : IEntityTypeConfiguration<WorkerLease>
{
    public void Configure(EntityTypeBuilder<WorkerLease> builder)
    {
        builder.ToTable(S.Table);
        builder.HasKey(w => w.WorkerId).HasName("pk_tx_worker_leases");
        builder.Property(w => w.WorkerId).HasColumnName(S.WorkerId).ValueGeneratedNever();
        builder.Property(w => w.Owner).HasColumnName(S.Owner).HasMaxLength(CoordinatorSchema.Lengths.Owner);
        builder.Property(w => w.ExpiresUnixMs).HasColumnName(S.ExpiresUnixMs);
    }
}
