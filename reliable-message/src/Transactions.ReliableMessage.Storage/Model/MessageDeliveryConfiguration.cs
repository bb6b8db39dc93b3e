using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Engine;
using S = Transactions.ReliableMessage.Storage.Model.MessageSchema.Deliveries;

namespace Transactions.ReliableMessage.Storage.Model;

/// <summary>Mapping of <see cref="MessageDelivery"/> to <c>rm_deliveries</c>.</summary>
internal sealed class MessageDeliveryConfiguration : IEntityTypeConfiguration<MessageDelivery>
{
    public void Configure(EntityTypeBuilder<MessageDelivery> builder)
    {
        builder.ToTable(S.Table);
        builder.HasKey(d => new { d.MessageId, d.ConsumerGroup });
        builder.Property(d => d.MessageId).HasColumnName(S.MessageId).ValueGeneratedNever();
        builder.Property(d => d.ConsumerGroup).HasColumnName(S.ConsumerGroup).HasMaxLength(RequestLimits.Name);
        builder.Property(d => d.Status).HasColumnName(S.Status).HasConversion<int>();
        builder.Property(d => d.Attempts).HasColumnName(S.Attempts);
        builder.Property(d => d.NextAttemptUnixMs).HasColumnName(S.NextAttemptUnixMs);
        builder.Property(d => d.DeliveredUnixMs).HasColumnName(S.DeliveredUnixMs);
        builder.Property(d => d.AckedUnixMs).HasColumnName(S.AckedUnixMs);
        builder.Property(d => d.LastError).HasColumnName(S.LastError).HasMaxLength(RequestLimits.Error);
        builder.Property(d => d.LeaseOwner).HasColumnName(S.LeaseOwner).HasMaxLength(MessageSchema.Lengths.Owner);
        builder.Property(d => d.LeaseExpiresUnixMs).HasColumnName(S.LeaseExpiresUnixMs);
        builder.Property(d => d.CreatedUnixMs).HasColumnName(S.CreatedUnixMs);
        builder.Property(d => d.UpdatedUnixMs).HasColumnName(S.UpdatedUnixMs);
        builder.HasIndex(d => new { d.Status, d.NextAttemptUnixMs }).HasDatabaseName(S.DueIndex);
    }
}
