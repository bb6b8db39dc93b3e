using Transactions.Participants.Fence;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Adds the TCC fence table to a participant's own EF Core model.</summary>
public static class TccFenceModelBuilderExtensions
{
    /// <summary>
    /// Maps <see cref="TccFenceRecord"/> (primary key (xid, branch_id), index (state, updated_unix_ms)
    /// for the cleaner, nullable <c>output</c> for saga steps) into this model, so the fence table lands in the participant's own migrations
    /// and the fence shares the participant's local transactions. Call it from <c>OnModelCreating</c>.
    /// </summary>
    /// <param name="modelBuilder">The participant's model builder.</param>
    /// <param name="configure">Optional table name / schema settings.</param>
    /// <returns>The same model builder.</returns>
    public static ModelBuilder AddTccFence(this ModelBuilder modelBuilder, Action<TccFenceModelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        var options = new TccFenceModelOptions();
        configure?.Invoke(options);
        if (string.IsNullOrWhiteSpace(options.TableName))
        {
            throw new ArgumentException("TccFenceModelOptions.TableName must not be empty.", nameof(configure));
        }

        if (options.Schema is not null && string.IsNullOrWhiteSpace(options.Schema))
        {
            throw new ArgumentException("TccFenceModelOptions.Schema must be null or a non-empty name.", nameof(configure));
        }

        modelBuilder.Entity<TccFenceRecord>(entity =>
        {
            entity.ToTable(options.TableName, options.Schema);
            entity.HasKey(r => new { r.Xid, r.BranchId }).HasName($"pk_{options.TableName}");
            entity.Property(r => r.Xid).HasColumnName("xid").ValueGeneratedNever();
            entity.Property(r => r.BranchId).HasColumnName("branch_id").ValueGeneratedNever();
            entity.Property(r => r.ActionName)
                .HasColumnName("action_name")
                .HasMaxLength(TccFenceRecord.ActionNameMaxLength)
                .IsRequired();
            entity.Property(r => r.State).HasColumnName("state").HasConversion<int>();
            entity.Property(r => r.CreatedUnixMs).HasColumnName("created_unix_ms");
            entity.Property(r => r.UpdatedUnixMs).HasColumnName("updated_unix_ms");
            entity.Property(r => r.Output).HasColumnName("output").IsRequired(false);
            entity.HasIndex(r => new { r.State, r.UpdatedUnixMs }).HasDatabaseName($"ix_{options.TableName}_state_updated");
        });
        return modelBuilder;
    }
}
