using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Transactions.Common.Audit;
using S = Transactions.Coordinator.Storage.Model.AdminAuditSchema;

namespace Transactions.Coordinator.Storage.Model;

/// <summary>Mapping of <see cref="AuditRecord"/> to <c>tx_admin_audit</c>.</summary>
internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> builder)
    {
        builder.ToTable(S.Table);
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasColumnName(S.Id).ValueGeneratedOnAdd();
        builder.Property(a => a.AtUnixMs).HasColumnName(S.AtUnixMs);
        builder.Property(a => a.Actor).HasColumnName(S.Actor).HasMaxLength(S.NameLength).IsRequired();
        builder.Property(a => a.Action).HasColumnName(S.Action).HasMaxLength(S.NameLength).IsRequired();
        builder.Property(a => a.Target).HasColumnName(S.Target).HasMaxLength(S.NameLength).IsRequired();
        builder.Property(a => a.Reason).HasColumnName(S.Reason).HasMaxLength(S.TextLength).IsRequired();
        builder.Property(a => a.Before).HasColumnName(S.Before).HasMaxLength(S.TextLength);
        builder.Property(a => a.After).HasColumnName(S.After).HasMaxLength(S.TextLength);
        builder.Property(a => a.Outcome).HasColumnName(S.Outcome).HasMaxLength(S.TextLength).IsRequired();
        builder.HasIndex(a => new { a.Target, a.Id }).HasDatabaseName(S.TargetIndex);
    }
}
