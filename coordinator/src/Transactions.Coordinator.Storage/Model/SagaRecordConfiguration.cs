using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Transactions.Coordinator.Domain;
using S = Transactions.Coordinator.Storage.Model.CoordinatorSchema.Sagas;

namespace Transactions.Coordinator.Storage.Model;

/// <summary>Mapping of <see cref="SagaRecord"/> to <c>tx_sagas</c>.</summary>
internal sealed class SagaRecordConfiguration : IEntityTypeConfiguration<SagaRecord>
{
    public void Configure(EntityTypeBuilder<SagaRecord> builder)
    {
        builder.ToTable(S.Table);
        builder.HasKey(s => s.Xid).HasName("pk_tx_sagas");
        builder.Property(s => s.Xid).HasColumnName(S.Xid).ValueGeneratedNever();
        builder.Property(s => s.Definition).HasColumnName(S.Definition).IsRequired();
        builder.HasOne<GlobalTransaction>()
            .WithOne()
            .HasForeignKey<SagaRecord>(s => s.Xid)
            .HasConstraintName("fk_tx_sagas_tx_global_transactions_xid")
            .OnDelete(DeleteBehavior.Cascade);
    }
}
