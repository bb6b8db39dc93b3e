using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Engine;
using S = Transactions.ReliableMessage.Storage.Model.MessageSchema.Subscriptions;

namespace Transactions.ReliableMessage.Storage.Model;

/// <summary>Mapping of <see cref="TopicSubscription"/> to <c>rm_subscriptions</c>.</summary>
internal sealed class TopicSubscriptionConfiguration : IEntityTypeConfiguration<TopicSubscription>
{
    public void Configure(EntityTypeBuilder<TopicSubscription> builder)
    {
        builder.ToTable(S.Table);
        builder.HasKey(s => new { s.ConsumerGroup, s.Topic });
        builder.Property(s => s.ConsumerGroup).HasColumnName(S.ConsumerGroup).HasMaxLength(RequestLimits.Name);
        builder.Property(s => s.Topic).HasColumnName(S.Topic).HasMaxLength(RequestLimits.Topic);
        builder.Property(s => s.PushEndpoint).HasColumnName(S.PushEndpoint).HasMaxLength(RequestLimits.Endpoint);
        builder.Property(s => s.CreatedUnixMs).HasColumnName(S.CreatedUnixMs);
        builder.Property(s => s.UpdatedUnixMs).HasColumnName(S.UpdatedUnixMs);
    }
}
