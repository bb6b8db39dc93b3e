using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Transactions.Coordinator.Domain;
using S = Transactions.Coordinator.Storage.Model.CoordinatorSchema.Events;

namespace Transactions.Coordinator.Storage.Model;

/// <summary>Mapping of <see cref="TransactionEvent"/> to <c>tx_events</c>.</summary>
/// <remarks>
/// No foreign key to the global transaction: the history is append-only and written on every state
/// change, and a key check per row would cost on the hot path; deleting old transactions deletes
/// their events explicitly.
/// </remarks>
internal sealed class TransactionEventConfiguration : IEntityTypeConfiguration<TransactionEvent>
{
    public void Configure(EntityTypeBuilder<TransactionEvent> builder)
    {
        builder.ToTable(S.Table);
        builder.HasKey(e => e.Id).HasName("pk_tx_events");
        builder.Property(e => e.Id).HasColumnName(S.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.Xid).HasColumnName(S.Xid);
        builder.Property(e => e.BranchId).HasColumnName(S.BranchId);
        builder.Property(e => e.AtUnixMs).HasColumnName(S.AtUnixMs);
        builder.Property(e => e.Kind).HasColumnName(S.Kind).HasMaxLength(CoordinatorSchema.Lengths.EventKind).IsRequired();
        builder.Property(e => e.Actor).HasColumnName(S.Actor).HasMaxLength(CoordinatorSchema.Lengths.Owner).IsRequired();
        builder.Property(e => e.Detail).HasColumnName(S.Detail).HasMaxLength(CoordinatorSchema.Lengths.EventDetail);

        // The database default covers rows written before the column existed and the raw-SQL inserts that leave it out.
        builder.Property(e => e.Repeats).HasColumnName(S.Repeats).HasDefaultValue(1).HasSentinel(0);
        builder.Property(e => e.LastAtUnixMs).HasColumnName(S.LastAtUnixMs);

        builder.HasIndex(e => new { e.Xid, e.Id }, S.XidIndex);
    }
}
