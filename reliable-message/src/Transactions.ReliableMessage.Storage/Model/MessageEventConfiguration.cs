using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Engine;
using S = Transactions.ReliableMessage.Storage.Model.MessageSchema.Events;

namespace Transactions.ReliableMessage.Storage.Model;

/// <summary>Mapping of <see cref="MessageEvent"/> to <c>rm_message_events</c>.</summary>
internal sealed class MessageEventConfiguration : IEntityTypeConfiguration<MessageEvent>
{
    public void Configure(EntityTypeBuilder<MessageEvent> builder)
    {
        builder.ToTable(S.Table);
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasColumnName(S.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.MessageId).HasColumnName(S.MessageId);
        builder.Property(e => e.ConsumerGroup).HasColumnName(S.ConsumerGroup).HasMaxLength(RequestLimits.Name);
        builder.Property(e => e.AtUnixMs).HasColumnName(S.AtUnixMs);
        builder.Property(e => e.Kind).HasColumnName(S.Kind).HasMaxLength(MessageSchema.Lengths.EventKind).IsRequired();
        builder.Property(e => e.Actor).HasColumnName(S.Actor).HasMaxLength(MessageSchema.Lengths.Owner).IsRequired();
        builder.Property(e => e.Detail).HasColumnName(S.Detail).HasMaxLength(MessageSchema.Lengths.EventDetail);
        builder.HasIndex(e => new { e.MessageId, e.Id }).HasDatabaseName(S.MessageIndex);
    }
}
