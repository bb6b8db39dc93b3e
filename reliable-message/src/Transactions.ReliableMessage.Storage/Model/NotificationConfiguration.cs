using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Notifications;
using L = Transactions.ReliableMessage.Storage.Model.MessageSchema.Lengths;
using S = Transactions.ReliableMessage.Storage.Model.MessageSchema.Notifications;

namespace Transactions.ReliableMessage.Storage.Model;

/// <summary>Mapping of <see cref="Notification"/> to <c>rm_notifications</c>.</summary>
internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable(S.Table);
        builder.HasKey(n => n.NotificationId);
        builder.Property(n => n.NotificationId).HasColumnName(S.NotificationId).ValueGeneratedNever();
        builder.Property(n => n.ApplicationId).HasColumnName(S.ApplicationId).HasMaxLength(L.NotificationKey).IsRequired();
        builder.Property(n => n.IdempotencyKey).HasColumnName(S.IdempotencyKey).HasMaxLength(L.NotificationKey).IsRequired();
        builder.Property(n => n.Url).HasColumnName(S.Url).HasMaxLength(L.NotificationUrl).IsRequired();
        builder.Property(n => n.Body).HasColumnName(S.Body).IsRequired();
        builder.Property(n => n.ContentType).HasColumnName(S.ContentType).HasMaxLength(L.ContentType).IsRequired();
        builder.Property(n => n.QueryToken).HasColumnName(S.QueryToken).HasMaxLength(L.QueryToken).IsRequired();
        builder.Property(n => n.Status).HasColumnName(S.Status).HasConversion<int>();
        builder.Property(n => n.Attempts).HasColumnName(S.Attempts);
        builder.Property(n => n.AttemptsAtRetry).HasColumnName(S.AttemptsAtRetry);
        builder.Property(n => n.NextAttemptUnixMs).HasColumnName(S.NextAttemptUnixMs);
        builder.Property(n => n.LastStatusCode).HasColumnName(S.LastStatusCode);
        builder.Property(n => n.LastError).HasColumnName(S.LastError).HasMaxLength(RequestLimits.Error);
        builder.Property(n => n.CreatedUnixMs).HasColumnName(S.CreatedUnixMs);
        builder.Property(n => n.UpdatedUnixMs).HasColumnName(S.UpdatedUnixMs);
        builder.Property(n => n.CompletedUnixMs).HasColumnName(S.CompletedUnixMs);
        builder.Property(n => n.LeaseOwner).HasColumnName(S.LeaseOwner).HasMaxLength(L.Owner);
        builder.Property(n => n.LeaseExpiresUnixMs).HasColumnName(S.LeaseExpiresUnixMs);
        builder.HasIndex(n => new { n.ApplicationId, n.IdempotencyKey }).HasDatabaseName(S.KeyIndex).IsUnique();
        builder.HasIndex(n => new { n.Status, n.NextAttemptUnixMs }).HasDatabaseName(S.DueIndex);
    }
}
