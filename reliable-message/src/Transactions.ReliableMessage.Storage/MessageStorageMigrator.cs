using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Storage;

namespace Transactions.ReliableMessage.Storage;

/// <summary>
/// Applies the reliable-message schema migrations for the configured provider (see
/// <see cref="StorageMigrator{TContext, TOptions}"/>). Runs at start-up, before the engine's hosted services start,
/// when <see cref="StorageOptions.ShouldAutoMigrate"/>; hosts and tests may call it themselves.
/// </summary>
/// <param name="contextFactory">Creates the store's contexts.</param>
/// <param name="options">The store's options.</param>
/// <param name="logger">Where the migration is logged.</param>
public sealed class MessageStorageMigrator(
    IDbContextFactory<MessageDbContext> contextFactory,
    IOptions<MessageStorageOptions> options,
    ILogger<MessageStorageMigrator> logger)
    : StorageMigrator<MessageDbContext, MessageStorageOptions>(contextFactory, options, logger);
