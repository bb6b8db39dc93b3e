using Transactions.ReliableMessage.Producer.Barrier;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Adds the message barrier to a producer's EF Core model (so the table lands in its own migrations).</summary>
public static class MessageBarrierModelBuilderExtensions
{
    /// <summary>
    /// Maps <see cref="MessageBarrierRecord"/> to the barrier table: <c>message_id</c> (primary key),
    /// <c>producer_group</c>, <c>state</c>, <c>created_unix_ms</c> (indexed, for the cleaner). Call it from <c>OnModelCreating</c>.
    /// </summary>
    /// <param name="modelBuilder">The producer's model builder.</param>
    /// <param name="configure">Table name and schema; optional.</param>
    /// <returns>The model builder.</returns>
    public static ModelBuilder AddMessageBarrier(this ModelBuilder modelBuilder, Action<MessageBarrierModelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        var options = new MessageBarrierModelOptions();
        configure?.Invoke(options);
        modelBuilder.Entity<MessageBarrierRecord>(b =>
        {
            b.ToTable(options.TableName, options.Schema);
            b.HasKey(r => r.MessageId);
            b.Property(r => r.MessageId).HasColumnName("message_id").ValueGeneratedNever();
            b.Property(r => r.ProducerGroup).HasColumnName("producer_group").HasMaxLength(128).IsRequired();
            b.Property(r => r.State).HasColumnName("state").HasConversion<int>();
            b.Property(r => r.CreatedUnixMs).HasColumnName("created_unix_ms");
            b.HasIndex(r => r.CreatedUnixMs).HasDatabaseName($"ix_{options.TableName}_created");
        });
        return modelBuilder;
    }
}
