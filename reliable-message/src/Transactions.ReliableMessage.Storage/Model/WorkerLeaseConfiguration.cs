using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using S = Transactions.ReliableMessage.Storage.Model.MessageSchema.WorkerLeases;

namespace Transactions.ReliableMessage.Storage.Model;

/// <summary>Mapping of <see cref="WorkerLease"/> to <c>rm_worker_leases</c>.</summary>
internal sealed class WorkerLeaseConfiguration : IEntityTypeConfiguration<WorkerLease>
{
    public void Configure(EntityTypeBuilder<WorkerLease> builder)
    {
        builder.ToTable(S.Table);
        builder.HasKey(w => w.WorkerId);
        builder.Property(w => w.WorkerId).HasColumnName(S.WorkerId).ValueGeneratedNever();
        builder.Property(w => w.Owner).HasColumnName(S.Owner).HasMaxLength(MessageSchema.Lengths.Owner);
        builder.Property(w => w.ExpiresUnixMs).HasColumnName(S.ExpiresUnixMs);
    }
}
