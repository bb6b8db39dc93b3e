using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Storage;

namespace Transactions.Coordinator.Storage;

/// <summary>
/// Applies the coordinator's migrations for the configured provider (see <see cref="StorageMigrator{TContext, TOptions}"/>).
/// Runs at start-up when <see cref="StorageOptions.AutoMigrate"/> is in effect; hosts and tests may call it themselves.
/// </summary>
/// <param name="contextFactory">Creates the coordinator's contexts.</param>
/// <param name="options">The coordinator's storage options.</param>
/// <param name="logger">Where the migration is logged.</param>
public sealed class CoordinatorStorageMigrator(
    IDbContextFactory<CoordinatorDbContext> contextFactory,
    IOptions<CoordinatorStorageOptions> options,
    ILogger<CoordinatorStorageMigrator> logger)
    : StorageMigrator<CoordinatorDbContext, CoordinatorStorageOptions>(contextFactory, options, logger);
