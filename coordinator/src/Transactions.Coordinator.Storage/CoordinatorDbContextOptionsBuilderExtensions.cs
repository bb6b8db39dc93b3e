using Microsoft.EntityFrameworkCore;
using Transactions.Common.Storage;
using Transactions.Storage;

namespace Transactions.Coordinator.Storage;

/// <summary>Configures a <see cref="CoordinatorDbContext"/> for the provider chosen in <see cref="CoordinatorStorageOptions"/>.</summary>
public static class CoordinatorDbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Selects the provider, connection string, command timeout and migrations assembly of
    /// <paramref name="options"/> (see <see cref="StorageDbContextOptionsBuilderExtensions.UseStorage(DbContextOptionsBuilder, StorageOptions, string)"/>).
    /// Used by the runtime, the design-time factories of the migrations projects and the tests, so all three
    /// configure the context the same way.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">Storage options; validated first.</param>
    /// <param name="settingPrefix">How the settings are named in error messages (the configuration section path).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">The options are incomplete (e.g. no connection string).</exception>
    public static DbContextOptionsBuilder UseCoordinatorStorage(
        this DbContextOptionsBuilder builder,
        CoordinatorStorageOptions options,
        string settingPrefix = StorageDefaults.SectionName) =>
        builder.UseStorage(options, settingPrefix);

    /// <inheritdoc cref="UseCoordinatorStorage(DbContextOptionsBuilder, CoordinatorStorageOptions, string)"/>
    public static DbContextOptionsBuilder<CoordinatorDbContext> UseCoordinatorStorage(
        this DbContextOptionsBuilder<CoordinatorDbContext> builder,
        CoordinatorStorageOptions options,
        string settingPrefix = StorageDefaults.SectionName) =>
        builder.UseStorage(options, settingPrefix);

    /// <summary>The Npgsql settings the store runs with, see <see cref="PostgreSqlConnectionTuning"/>.</summary>
    internal static string TunePostgreSql(string connectionString) =>
        PostgreSqlConnectionTuning.Tune(connectionString, CoordinatorStorageDefaults.PostgreSqlMaxAutoPrepare);
}
