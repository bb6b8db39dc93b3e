using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Engine;
using S = Transactions.ReliableMessage.Storage.Model.MessageSchema.Messages;

namespace Transactions.ReliableMessage.Storage.Model;

/// <summary>Mapping of <see cref="StoredMessage"/> to <c>rm_messages</c>.</summary>
internal sealed class StoredMessageConfiguration : IEntityTypeConfiguration<StoredMessage>
{
    public void Configure(EntityTypeBuilder<StoredMessage> builder)
    {
        builder.ToTable(S.Table);
        builder.HasKey(m => m.MessageId);
        builder.Property(m => m.MessageId).HasColumnName(S.MessageId).ValueGeneratedNever();
        builder.Property(m => m.Topic).HasColumnName(S.Topic).HasMaxLength(RequestLimits.Topic).IsRequired();
        builder.Property(m => m.Key).HasColumnName(S.Key).HasMaxLength(RequestLimits.Key);
        builder.Property(m => m.Payload).HasColumnName(S.Payload).IsRequired();
        builder.Property(m => m.ProducerGroup).HasColumnName(S.ProducerGroup).HasMaxLength(RequestLimits.Name).IsRequired();
        builder.Property(m => m.ProducerKey).HasColumnName(S.ProducerKey).HasMaxLength(RequestLimits.Name);
        builder.Property(m => m.CheckEndpoint).HasColumnName(S.CheckEndpoint).HasMaxLength(RequestLimits.Endpoint);
        builder.Property(m => m.Status).HasColumnName(S.Status).HasConversion<int>();
        builder.Property(m => m.CreatedUnixMs).HasColumnName(S.CreatedUnixMs);
        builder.Property(m => m.UpdatedUnixMs).HasColumnName(S.UpdatedUnixMs);
        builder.Property(m => m.CommittedUnixMs).HasColumnName(S.CommittedUnixMs);
        builder.Property(m => m.CompletedUnixMs).HasColumnName(S.CompletedUnixMs);
        builder.Property(m => m.CheckAttempts).HasColumnName(S.CheckAttempts);
        builder.Property(m => m.PublishAttempts).HasColumnName(S.PublishAttempts);
        builder.Property(m => m.NextAttemptUnixMs).HasColumnName(S.NextAttemptUnixMs);
        builder.Property(m => m.LastError).HasColumnName(S.LastError).HasMaxLength(RequestLimits.Error);
        builder.Property(m => m.LeaseOwner).HasColumnName(S.LeaseOwner).HasMaxLength(MessageSchema.Lengths.Owner);
        builder.Property(m => m.LeaseExpiresUnixMs).HasColumnName(S.LeaseExpiresUnixMs);

        builder.HasIndex(m => new { m.ProducerGroup, m.ProducerKey })
            .HasDatabaseName(S.ProducerKeyIndex)
            .IsUnique()
            .HasFilter($"{S.ProducerKey} IS NOT NULL");
        builder.HasIndex(m => new { m.Status, m.NextAttemptUnixMs }).HasDatabaseName(S.DueIndex);
    }
}
