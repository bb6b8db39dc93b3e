using Microsoft.EntityFrameworkCore;
using Transactions.Storage;

namespace Transactions.ReliableMessage.Storage;

/// <summary>Configures a <see cref="MessageDbContext"/> for the provider chosen in <see cref="MessageStorageOptions"/>.</summary>
public static class MessageDbContextOptionsBuilderExtensions
{
    /// <summary>Typed form of <see cref="UseReliableMessageStorage(DbContextOptionsBuilder, MessageStorageOptions, string)"/>.</summary>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="options">Storage options; validated first.</param>
    /// <param name="settingPrefix">How the settings are named in error messages.</param>
    /// <returns>The builder.</returns>
    public static DbContextOptionsBuilder<TContext> UseReliableMessageStorage<TContext>(
        this DbContextOptionsBuilder<TContext> builder,
        MessageStorageOptions options,
        string settingPrefix = StorageDefaults.SectionName)
        where TContext : DbContext =>
        builder.UseStorage(options, settingPrefix);

    /// <summary>
    /// Selects the provider, connection string, command timeout and migrations assembly (see
    /// <see cref="StorageDbContextOptionsBuilderExtensions.UseStorage(DbContextOptionsBuilder, StorageOptions, string)"/>).
    /// Used by the runtime, the design-time factories of the migrations projects and the tests, so all three configure
    /// the context alike.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">Storage options; validated first.</param>
    /// <param name="settingPrefix">How the settings are named in error messages (the configuration section path).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">The options are incomplete (e.g. no connection string).</exception>
    public static DbContextOptionsBuilder UseReliableMessageStorage(
        this DbContextOptionsBuilder builder,
        MessageStorageOptions options,
        string settingPrefix = StorageDefaults.SectionName) =>
        builder.UseStorage(options, settingPrefix);
}
