using Transactions.ReliableMessage.Consumer.Inbox;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Adds the de-duplication inbox to a consumer's EF Core model (so the table lands in its own migrations).</summary>
public static class MessageInboxModelBuilderExtensions
{
    /// <summary>
    /// Maps <see cref="InboxRecord"/> to the inbox table: (<c>consumer_group</c>, <c>message_id</c>) primary key and
    /// <c>processed_unix_ms</c> (indexed, for the cleaner). Call it from <c>OnModelCreating</c>.
    /// </summary>
    /// <param name="modelBuilder">The consumer's model builder.</param>
    /// <param name="configure">Table name and schema; optional.</param>
    /// <returns>The model builder.</returns>
    public static ModelBuilder AddMessageInbox(this ModelBuilder modelBuilder, Action<MessageInboxModelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        var options = new MessageInboxModelOptions();
        configure?.Invoke(options);
        modelBuilder.Entity<InboxRecord>(b =>
        {
            b.ToTable(options.TableName, options.Schema);
            b.HasKey(r => new { r.ConsumerGroup, r.MessageId });
            b.Property(r => r.ConsumerGroup).HasColumnName("consumer_group").HasMaxLength(128);
            b.Property(r => r.MessageId).HasColumnName("message_id").ValueGeneratedNever();
            b.Property(r => r.ProcessedUnixMs).HasColumnName("processed_unix_ms");
            b.HasIndex(r => r.ProcessedUnixMs).HasDatabaseName($"ix_{options.TableName}_processed");
        });
        return modelBuilder;
    }
}
